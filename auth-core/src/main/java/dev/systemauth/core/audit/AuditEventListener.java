package dev.systemauth.core.audit;

/**
 * Told of every audit event the library records, once it has happened: after the commit of the transaction
 * that wrote it, at once for rows written outside one (and for failures whose row could not be written). The
 * autoconfiguration turns these into Spring {@code ApplicationEvent}s. An exception thrown here is logged and
 * never reaches the flow that recorded the event.
 */
@FunctionalInterface
public interface AuditEventListener {

	/** Listens to nothing. */
	AuditEventListener NONE = (event) -> {
	};

	/**
	 * An event happened.
	 * @param event the event, which never carries a secret
	 */
	void onAuditEvent(AuditEvent event);

}
