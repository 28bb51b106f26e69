package dev.systemauth.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.systemauth.autoconfigure.event.AuthAuditEvent;

/**
 * Shows how a host subscribes to the library's audit events: every successful sign-in is logged, the place
 * where a real app would mail the user about a new sign-in or feed a SIEM. The event never carries a secret.
 */
@Component
class SignInLog {

	private static final Logger logger = LoggerFactory.getLogger(SignInLog.class);

	@EventListener
	void onAuditEvent(AuthAuditEvent event) {
		boolean signIn = event.getType().equals("login") || event.getType().equals("magic_link_consumed");
		if (signIn && event.getOutcome().equals("success")) {
			logger.info("New sign-in: user {} in workspace {} from {}", event.getUserId(), event.getWorkspaceId(),
					event.getIpAddress());
		}
	}

}
