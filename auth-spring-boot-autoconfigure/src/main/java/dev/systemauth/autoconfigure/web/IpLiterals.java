package dev.systemauth.autoconfigure.web;

/**
 * A strict, purely textual check for IP address literals: IPv4 as four decimal parts of 0 to 255 without
 * leading zeros, IPv6 in RFC 4291 text form (at most one {@code ::}, an optional dotted IPv4 tail), with no
 * brackets, ports, zone ids or host names. It never touches the network, unlike
 * {@code InetAddress.getByName}, which resolves anything that is not a literal.
 */
final class IpLiterals {

	private IpLiterals() {
	}

	static boolean isIpLiteral(String text) {
		return isIpv4(text) || isIpv6(text);
	}

	static boolean isIpv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
					|| !part.chars().allMatch((c) -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	static boolean isIpv6(String text) {
		if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
			return false;
		}
		String groups = text;
		if (text.indexOf('.') >= 0) {
			int lastColon = text.lastIndexOf(':');
			if (!isIpv4(text.substring(lastColon + 1))) {
				return false;
			}
			// the dotted tail stands for the last two groups
			groups = text.substring(0, lastColon + 1) + "0:0";
		}
		int doubleColon = groups.indexOf("::");
		if (doubleColon < 0) {
			return count(groups) == 8;
		}
		if (groups.indexOf("::", doubleColon + 1) >= 0) {
			return false;
		}
		int left = count(groups.substring(0, doubleColon));
		int right = count(groups.substring(doubleColon + 2));
		return left >= 0 && right >= 0 && left + right <= 7;
	}

	/** The number of colon-separated hex groups of 1 to 4 digits, 0 for none, -1 when malformed. */
	private static int count(String groups) {
		if (groups.isEmpty()) {
			return 0;
		}
		String[] parts = groups.split(":", -1);
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(IpLiterals::isHexDigit)) {
				return -1;
			}
		}
		return parts.length;
	}

	private static boolean isHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
