package dev.systemauth.autoconfigure.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.systemauth.core.token.TokenPair;

/**
 * The token response of the HTTP contract.
 *
 * @param accessToken the access JWT
 * @param refreshToken the opaque refresh token
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until the access token expires
 * @param userId the user
 * @param workspaceId the workspace the tokens are bound to
 */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, UUID userId,
		UUID workspaceId) {

	public static TokenResponse of(TokenPair pair) {
		return new TokenResponse(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(), pair.userId(),
				pair.workspaceId());
	}

	Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("accessToken", this.accessToken);
		map.put("refreshToken", this.refreshToken);
		map.put("tokenType", this.tokenType);
		map.put("expiresIn", this.expiresIn);
		map.put("userId", this.userId);
		map.put("workspaceId", this.workspaceId);
		return map;
	}

	@Override
	public String toString() {
		return "TokenResponse[userId=" + this.userId + ", workspaceId=" + this.workspaceId + "]";
	}

}
