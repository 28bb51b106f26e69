package dev.systemauth.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A pool wrapper that knows which thread holds how many connections: a connection counts from the moment
 * it is handed out until it is closed (returned to the pool).
 */
public final class ConnectionWatch extends DelegatingDataSource {

	private final Map<Thread, AtomicInteger> held = new ConcurrentHashMap<>();

	public ConnectionWatch(DataSource target) {
		super(target);
	}

	/** The connections the thread holds now. */
	public int heldBy(Thread thread) {
		AtomicInteger count = this.held.get(thread);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return watched(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return watched(super.getConnection(username, password));
	}

	private Connection watched(Connection connection) {
		AtomicInteger count = this.held.computeIfAbsent(Thread.currentThread(), (thread) -> new AtomicInteger());
		count.incrementAndGet();
		AtomicBoolean closed = new AtomicBoolean();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
						count.decrementAndGet();
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
