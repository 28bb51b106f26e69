package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool the library uses: the application's {@link DataSource}, or a pool of its own built
 * from {@code auth.database.connection-string}. It is deliberately not a {@code DataSource} bean, so that a
 * pool of the library's never replaces the application's.
 */
public final class AuthDataSource implements DisposableBean {

	private final DataSource dataSource;

	private final boolean owned;

	private AuthDataSource(DataSource dataSource, boolean owned) {
		this.dataSource = dataSource;
		this.owned = owned;
	}

	/** Uses the application's pool; the library never closes it. */
	public static AuthDataSource shared(DataSource dataSource) {
		return new AuthDataSource(dataSource, false);
	}

	/** Uses a pool of the library's own, closed with the context. */
	public static AuthDataSource owned(HikariDataSource dataSource) {
		return new AuthDataSource(dataSource, true);
	}

	public DataSource getDataSource() {
		return this.dataSource;
	}

	public boolean isOwned() {
		return this.owned;
	}

	@Override
	public void destroy() {
		if (this.owned && this.dataSource instanceof HikariDataSource hikari) {
			hikari.close();
		}
	}

}
