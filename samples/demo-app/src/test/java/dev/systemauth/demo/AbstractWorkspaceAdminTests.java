package dev.systemauth.demo;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the invitation and member tests: a workspace with an owner, an admin and a member, each signed in
 * to it over HTTP, and the routes under {@code /auth/workspaces/{id}}.
 */
abstract class AbstractWorkspaceAdminTests extends AbstractDemoAppTests {

	static final String PASSWORD = "team-harbor-passphrase";

	/** Signs up and verifies a user (owner of their own workspace) and adds them to {@code workspaceId}. */
	Tokens join(UUID workspaceId, String prefix, MembershipRole role) {
		String email = uniqueEmail(prefix);
		Tokens own = registerVerified(email, PASSWORD);
		this.workspaces.addMember(workspaceId, own.userId(), role, ClientInfo.SERVER);
		return loginTo(email, workspaceId);
	}

	Tokens loginTo(String email, UUID workspaceId) {
		DemoClient.Response response = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD, "workspaceId", workspaceId.toString()));
		assertTokenResponse(response);
		return Tokens.of(response);
	}

	/** A fresh workspace with one user of each role, each signed in to it. */
	Team team() {
		String ownerEmail = uniqueEmail("owner");
		Tokens owner = registerVerified(ownerEmail, PASSWORD);
		UUID workspace = owner.workspaceId();
		return new Team(workspace, owner, join(workspace, "admin", MembershipRole.ADMIN),
				join(workspace, "member", MembershipRole.MEMBER));
	}

	DemoClient.Response get(Tokens caller, String path) {
		return this.http.get(path, headers(caller));
	}

	DemoClient.Response post(Tokens caller, String path, String json) {
		return this.http.post(path, json, headers(caller));
	}

	DemoClient.Response patch(Tokens caller, String path, String json) {
		return this.http.send(this.http.request(path, headers(caller))
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString(json)));
	}

	DemoClient.Response delete(Tokens caller, String path) {
		return this.http.send(this.http.request(path, headers(caller)).DELETE());
	}

	static String members(UUID workspaceId) {
		return "/auth/workspaces/" + workspaceId + "/members";
	}

	static String invitations(UUID workspaceId) {
		return "/auth/workspaces/" + workspaceId + "/invitations";
	}

	long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	/** Runs the calls at the same moment, on their own threads, and returns their answers in order. */
	@SafeVarargs
	static List<DemoClient.Response> concurrently(Supplier<DemoClient.Response>... calls) throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(calls.length);
		ExecutorService executor = Executors.newFixedThreadPool(calls.length);
		try {
			List<Future<DemoClient.Response>> futures = new ArrayList<>();
			for (Supplier<DemoClient.Response> call : calls) {
				futures.add(executor.submit(() -> {
					barrier.await();
					return call.get();
				}));
			}
			List<DemoClient.Response> responses = new ArrayList<>();
			for (Future<DemoClient.Response> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static String[] headers(Tokens caller) {
		return new String[] { "Authorization", "Bearer " + caller.accessToken(), WORKSPACE_HEADER,
				caller.workspaceId().toString() };
	}

	static void assertStatus(DemoClient.Response response, int status) {
		assertThat(response.status()).as("%s", response).isEqualTo(status);
	}

	/**
	 * A workspace and its three members, signed in to it.
	 *
	 * @param id the workspace
	 * @param owner its owner
	 * @param admin an admin
	 * @param member a member
	 */
	record Team(UUID id, Tokens owner, Tokens admin, Tokens member) {
	}

}
