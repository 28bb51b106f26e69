package dev.systemauth.autoconfigure;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.AuthMailer;
import dev.systemauth.core.mail.DefaultAuthMailTemplates;
import dev.systemauth.core.mail.LoggingAuthMailer;
import dev.systemauth.core.mail.MailDispatcher;

/**
 * Mail: the templates, the links in emails (only with classic auth, the one user of them, so that
 * {@code auth.links.base-url} is required only then), and the dispatcher on the mailer: the host's
 * {@link AuthMailer}, JavaMail when {@code spring-boot-starter-mail} is present and configured, else one that
 * logs.
 */
@Configuration(proxyBeanMethods = false)
class AuthMailConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AuthMailConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	AuthMailTemplates authMailTemplates(AuthProperties properties) {
		return new DefaultAuthMailTemplates(properties.getMail().getApplicationName());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "auth.classic.enabled", matchIfMissing = true)
	AuthLinks authLinks(AuthProperties properties) {
		AuthProperties.Links links = properties.getLinks();
		String baseUrl = links.getBaseUrl();
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("auth.links.base-url", null,
					"the absolute URL of your front end is required to build emailed links");
		}
		try {
			return new AuthLinks(baseUrl, links.getVerifyEmailPath(), links.getResetPasswordPath(),
					links.getMagicLinkPath(), links.getInvitationPath());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("auth.links.base-url", baseUrl, ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	MailDispatcher authMailDispatcher(ObjectProvider<AuthMailer> mailer, AuthProperties properties) {
		AuthMailer selected = mailer.getIfAvailable(() -> {
			logger.warn("*** No mail server is configured (spring.mail.host) and no AuthMailer bean is defined: "
					+ "verification, reset and magic-link emails are NOT sent. Configure mail before production. ***");
			return new LoggingAuthMailer(properties.getMail().isLogContents());
		});
		return new MailDispatcher(selected, mailExecutor(properties.getMail().getSenderThreads()));
	}

	private static ExecutorService mailExecutor(int threads) {
		AtomicInteger counter = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1000), (runnable) -> {
					Thread thread = new Thread(runnable, "auth-mail-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/** With {@code spring-boot-starter-mail} and a configured {@code JavaMailSender}, mail goes through it. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
	static class JavaMailConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "org.springframework.mail.javamail.JavaMailSender")
		AuthMailer authJavaMailer(org.springframework.mail.javamail.JavaMailSender mailSender,
				AuthProperties properties) {
			return new JavaMailAuthMailer(mailSender, properties.getMail().getFrom());
		}

	}

}
