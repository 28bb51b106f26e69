package dev.systemauth.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenClaims;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.testing.TestDatabase;

/**
 * The paths that touch PostgreSQL, on the same real server the tests use: the whole protected-request check
 * (token verification plus the membership lookup) and one refresh rotation (lock, rotate, insert, audit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatabaseBenchmarks {

	private TestDatabase database;

	private AccessTokenService accessTokens;

	private WorkspaceService workspaces;

	private SessionService sessions;

	private String accessToken;

	private UUID workspaceId;

	private WorkspaceService cachedWorkspaces;

	private String refreshToken;

	@Setup(Level.Trial)
	public void setUp() {
		this.database = TestDatabase.create();
		new AuthMigrations(this.database.dataSource(), "auth").migrate();
		AuthDatabase auth = new AuthDatabase(this.database.dataSource(), "auth");
		Clock clock = Clock.systemUTC();
		AuditLog auditLog = new AuditLog(auth);
		this.workspaces = new WorkspaceService(auth, auditLog, clock);
		this.cachedWorkspaces = new WorkspaceService(auth, auditLog, clock,
				new MembershipCache(Duration.ofSeconds(60), 100_000, clock));
		this.accessTokens = new AccessTokenService(TokenBenchmarks.SECRET, Duration.ofMinutes(15), "bench",
				"bench-clients", Duration.ofSeconds(30), clock);
		TokenHasher hasher = new TokenHasher("benchmark-hash-secret-0123456789abcdefghijkl".getBytes());
		this.sessions = new SessionService(auth, this.accessTokens, new RefreshTokenStore(auth), hasher,
				"benchmark-refresh-secret-0123456789abcdefghi", Duration.ofDays(14), Duration.ZERO, auditLog, clock);
		UUID userId = UUID.randomUUID();
		new JdbcUserStore(auth).insert(userId, "bench@example.test", "unused", true, clock.instant());
		Workspace workspace = this.workspaces.createWorkspace("Bench", "bench", ClientInfo.SERVER);
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, ClientInfo.SERVER);
		this.workspaceId = workspace.id();
		TokenPair pair = auth.inTransaction(() -> this.sessions.start(userId, workspace.id()));
		this.accessToken = pair.accessToken();
		this.refreshToken = pair.refreshToken();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.database.drop();
	}

	/** What the workspace filter does per request: verify the JWT, compare the header, check membership. */
	@Benchmark
	public Optional<MembershipRole> protectedRequestCheck() {
		return check(this.workspaces);
	}

	/**
	 * The same check with the membership cache on (as the load run has it): a repeat presentation of the
	 * token and a cached membership, no I/O.
	 */
	@Benchmark
	public Optional<MembershipRole> protectedRequestCheckWithMembershipCache() {
		return check(this.cachedWorkspaces);
	}

	private Optional<MembershipRole> check(WorkspaceService memberships) {
		AccessTokenClaims claims = this.accessTokens.verify(this.accessToken);
		if (!claims.workspaceId().equals(this.workspaceId)) {
			throw new IllegalStateException("mismatch");
		}
		return memberships.activeRole(this.workspaceId, claims.userId());
	}

	/** The membership lookup alone: one indexed query. */
	@Benchmark
	public Optional<MembershipRole> membershipLookup() {
		return this.workspaces.activeRole(this.workspaceId, UUID.fromString("00000000-0000-0000-0000-000000000001"));
	}

	/** One refresh rotation of a session chain (single-threaded: each call consumes the previous token). */
	@Benchmark
	public TokenPair refreshRotation() {
		TokenPair next = this.sessions.refresh(this.refreshToken, (user, workspace) -> true, ClientInfo.SERVER);
		this.refreshToken = next.refreshToken();
		return next;
	}

}
