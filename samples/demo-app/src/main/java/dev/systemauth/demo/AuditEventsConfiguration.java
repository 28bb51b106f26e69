package dev.systemauth.demo;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the latest audit events in memory, so that the library's events (as {@code AUTH_LOGIN},
 * {@code AUTH_SIGNUP}, ...) can be read at {@code /actuator/auditevents}. Boot defines no repository of its
 * own; a real app would store them somewhere durable, or feed them to a SIEM with {@code @EventListener}.
 */
@Configuration(proxyBeanMethods = false)
class AuditEventsConfiguration {

	@Bean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

}
