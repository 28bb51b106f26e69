package dev.systemauth.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.systemauth.core.error.AuthErrorCode;

/**
 * Refuses request bodies larger than {@code auth.web.max-body-size} on the auth routes with 413, whether
 * the size is declared ({@code Content-Length}) or only discovered while reading (chunked). The auth routes
 * are recognised as Spring MVC routes them ({@link AuthPaths}), so no spelling of a path that reaches an
 * auth controller skips the limit.
 * <p>
 * It also refuses multipart bodies there with 415: no auth route accepts one, and the dispatcher would
 * otherwise parse them (through the container, past this limit) before any route is chosen, failing with
 * a 500 when the body or its boundary is malformed.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

	private final AuthPaths authPaths;

	private final long maxBytes;

	public BodySizeLimitFilter(String basePath, long maxBytes) {
		this.authPaths = new AuthPaths(basePath);
		this.maxBytes = maxBytes;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			AuthProblems.write(response, AuthErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
			return;
		}
		if (isMultipart(request)) {
			AuthProblems.write(response, AuthErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.strip().regionMatches(true, 0, "multipart/", 0, 10);
	}

	static boolean isTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

	/** Thrown while reading once the body passes the limit. */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("Request body too large");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
