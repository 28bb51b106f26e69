package dev.systemauth.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link DataSource} and records every call of its connections that costs a round trip to the
 * server: each statement executed (by its SQL), each {@code COMMIT} and {@code ROLLBACK}, and each
 * parameter-type lookup. It also counts the connections borrowed and the switches out of autocommit (the
 * start of an explicit transaction). Thread-safe; {@link #reset()} starts a new measurement.
 */
public final class StatementCounter {

	private final List<String> roundTrips = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger transactions = new AtomicInteger();

	/** Forgets everything recorded so far. */
	public void reset() {
		this.roundTrips.clear();
		this.connections.set(0);
		this.transactions.set(0);
	}

	/** The round trips since the last reset, in order: the SQL of each statement, {@code COMMIT}, ... */
	public List<String> roundTrips() {
		return List.copyOf(this.roundTrips);
	}

	/** The statements executed since the last reset (round trips that are neither commit nor rollback). */
	public List<String> statements() {
		return this.roundTrips.stream().filter((sql) -> !sql.equals("COMMIT") && !sql.equals("ROLLBACK")).toList();
	}

	/** How many connections were borrowed since the last reset. */
	public int connections() {
		return this.connections.get();
	}

	/** How many times a connection left autocommit (an explicit transaction began) since the last reset. */
	public int transactions() {
		return this.transactions.get();
	}

	/**
	 * Wraps a data source so that its connections are counted.
	 * @param target the data source to wrap
	 * @return the counting data source
	 */
	public DataSource wrap(DataSource target) {
		return proxy(DataSource.class, (method, args) -> {
			Object result = invoke(target, method, args);
			if (method.getName().equals("getConnection")) {
				this.connections.incrementAndGet();
				return connection((Connection) result);
			}
			return result;
		});
	}

	private Connection connection(Connection target) {
		return proxy(Connection.class, (method, args) -> {
			switch (method.getName()) {
				case "commit" -> this.roundTrips.add("COMMIT");
				case "rollback" -> this.roundTrips.add("ROLLBACK");
				case "setAutoCommit" -> {
					if (!((Boolean) args[0]) && target.getAutoCommit()) {
						this.transactions.incrementAndGet();
					}
				}
				default -> {
				}
			}
			Object result = invoke(target, method, args);
			return switch (method.getName()) {
				case "prepareCall" -> statement(CallableStatement.class, (Statement) result, (String) args[0]);
				case "prepareStatement" -> statement(PreparedStatement.class, (Statement) result, (String) args[0]);
				case "createStatement" -> statement(Statement.class, (Statement) result, null);
				default -> result;
			};
		});
	}

	private <S extends Statement> S statement(Class<S> type, Statement target, @Nullable String preparedSql) {
		return proxy(type, (method, args) -> {
			String name = method.getName();
			if (name.startsWith("execute")) {
				boolean sqlGiven = args != null && args.length > 0 && args[0] instanceof String;
				this.roundTrips.add(sqlGiven ? (String) args[0] : String.valueOf(preparedSql));
			}
			else if (name.equals("getParameterMetaData")) {
				this.roundTrips.add("DESCRIBE " + preparedSql);
			}
			return invoke(target, method, args);
		});
	}

	private static Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Call call) {
		InvocationHandler handler = (proxy, method, args) -> call.handle(method, args);
		return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	@FunctionalInterface
	private interface Call {

		@Nullable Object handle(Method method, Object @Nullable [] args) throws Throwable;

	}

}
