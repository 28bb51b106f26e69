package dev.systemauth.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Prints where the app listens, once the web server is up.
 */
@Component
class ListeningLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ListeningLogger.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		int port = event.getWebServer().getPort();
		logger.info("Demo app listening on http://localhost:{} (health: http://localhost:{}/actuator/health)", port,
				port);
	}

}
