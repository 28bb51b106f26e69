package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@link AuthBody} with a JSON parser of its own, bounded for auth bodies (small flat objects):
 * {@value #MAX_NESTING_DEPTH} levels of nesting, strings of {@value #MAX_STRING_LENGTH} characters, names of
 * {@value #MAX_NAME_LENGTH}, numbers of {@value #MAX_NUMBER_LENGTH} digits, and no more bytes than
 * {@code auth.web.max-body-size}. A body past a bound is a 400 {@code malformed_request} before it is built
 * into a tree (413 when it is also too large). The application's own JSON settings and bodies are untouched: this converter reads nothing
 * but {@link AuthBody}.
 */
public final class AuthBodyConverter extends AbstractHttpMessageConverter<AuthBody> {

	static final int MAX_NESTING_DEPTH = 16;

	static final int MAX_STRING_LENGTH = 8192;

	static final int MAX_NAME_LENGTH = 256;

	static final int MAX_NUMBER_LENGTH = 64;

	private final JsonMapper mapper;

	private final long maxBodyBytes;

	public AuthBodyConverter(long maxBodyBytes) {
		super(MediaType.APPLICATION_JSON);
		this.maxBodyBytes = maxBodyBytes;
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNameLength(MAX_NAME_LENGTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxDocumentLength(maxBodyBytes)
			.build();
		this.mapper = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(constraints)
			.disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
			.build()).build();
	}

	@Override
	protected boolean supports(Class<?> type) {
		return AuthBody.class == type;
	}

	@Override
	protected boolean canRead(@Nullable MediaType mediaType) {
		return super.canRead(mediaType) && (mediaType == null || charset(mediaType) != null
				|| mediaType.getParameter("charset") == null);
	}

	@Override
	public boolean canWrite(Class<?> type, @Nullable MediaType mediaType) {
		return false;
	}

	@Override
	protected AuthBody readInternal(Class<? extends AuthBody> type, HttpInputMessage input) throws IOException {
		MediaType contentType = input.getHeaders().getContentType();
		Charset charset = (contentType != null) ? charset(contentType) : null;
		try {
			JsonNode json = (charset == null || charset.name().startsWith("UTF-"))
					? this.mapper.readTree(input.getBody())
					: this.mapper.readTree(new InputStreamReader(input.getBody(), charset));
			return new AuthBody(json);
		}
		catch (JacksonException ex) {
			skipRest(input.getBody());
			throw new HttpMessageNotReadableException("Unreadable auth body: " + ex.getOriginalMessage(), ex, input);
		}
	}

	@Override
	protected void writeInternal(AuthBody body, HttpOutputMessage output) {
		throw new UnsupportedOperationException("AuthBody is only read");
	}

	/**
	 * Reads on past a refused document (at most the size limit), so that a body that is also too large is
	 * answered 413 like any other too-large body: {@link BodySizeLimitFilter}'s stream throws once it passes
	 * the limit.
	 */
	private void skipRest(InputStream body) throws IOException {
		byte[] buffer = new byte[8192];
		long left = this.maxBodyBytes + 1;
		for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1;) {
			left -= n;
		}
	}

	private static @Nullable Charset charset(MediaType mediaType) {
		try {
			return mediaType.getCharset();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
