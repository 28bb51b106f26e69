package dev.systemauth.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests no client library would send as written: odd path spellings
 * ({@code /%61uth/login}, {@code /auth;x=1/login}, {@code //auth/login}) and broken header values. The
 * request line and headers go out byte for byte; the answer is read to the end of the connection.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * POSTs {@code body} to {@code path} exactly as written, with {@code Content-Length}; a null
	 * {@code contentType} sends no {@code Content-Type} line.
	 */
	DemoClient.Response post(String path, String contentType, byte[] body) {
		StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
			.append("Host: localhost:").append(this.port).append("\r\n")
			.append("Connection: close\r\n")
			.append("Content-Length: ").append(body.length).append("\r\n");
		if (contentType != null) {
			head.append("Content-Type: ").append(contentType).append("\r\n");
		}
		head.append("\r\n");
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before reading the whole body; its answer is still there
			}
			return parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request to " + path + " failed: " + ex, ex);
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) != -1;) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	private static DemoClient.Response parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IllegalStateException("No complete HTTP answer: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).strip(), (name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).strip());
		}
		String body = text.substring(end + 4);
		if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
			body = dechunk(body);
		}
		return new DemoClient.Response(status, HttpHeaders.of(headers, (name, value) -> true),
				new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

}
