package dev.systemauth.core.jdbc;

/**
 * SQL that several statements of different stores must say the same way, kept here so that a rule is
 * written once. Each fragment is a template ({@code ${schema}}, rendered by {@link AuthDatabase#sql}).
 */
public final class SqlFragments {

	/**
	 * Who may act in a workspace: an active membership ({@code m}) of an active user ({@code u}). A
	 * {@code FROM … WHERE} clause; follow it with {@code AND m.workspace_id = … AND m.user_id = …}. Used by
	 * the per-request role check of {@code WorkspaceService} and by the one-statement refresh of
	 * {@code RefreshTokenStore}, which must agree.
	 */
	public static final String ACTIVE_MEMBER = """
			FROM ${schema}.workspace_members m JOIN ${schema}.users u ON u.id = m.user_id
			WHERE m.status = 'active' AND u.status = 'active'""";

	private SqlFragments() {
	}

}
