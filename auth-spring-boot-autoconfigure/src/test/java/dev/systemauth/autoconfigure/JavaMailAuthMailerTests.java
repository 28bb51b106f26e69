package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.mail.AuthMailer;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.SignupFlow;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Boot's mail support configured, the library's messages go out through {@link JavaMailAuthMailer} to a
 * real SMTP server (GreenMail).
 */
class JavaMailAuthMailerTests {

	private static final String FROM = "accounts@app.example.test";

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class, AuthCoreAutoConfiguration.class,
				AuthWebAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES)
		.withPropertyValues("spring.mail.host=127.0.0.1", "spring.mail.port=3025", "auth.mail.from=" + FROM);


	@Test
	void contextWhenMailHostSetThenAuthMailerIsJavaMailAuthMailer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(AuthMailer.class).isInstanceOf(JavaMailAuthMailer.class);
			assertThat(context.getBean(MailDispatcher.class)).extracting("mailer")
				.isSameAs(context.getBean(AuthMailer.class));
		});
	}

	@Test
	void sendWhenMailGivenThenArrivesWithFromSubjectAndBody() {
		this.contextRunner.run((context) -> {
			String text = "Open this link to choose a new password:\n\nhttps://app.example.test/reset-password?token=abc";
			context.getBean(AuthMailer.class)
				.send(new AuthMail(AuthMail.Type.PASSWORD_RESET, "reader@example.test", "Reset your Café password",
						text));
			assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
			MimeMessage message = greenMail.getReceivedMessages()[0];
			assertThat(message.getFrom()).containsExactly(new InternetAddress(FROM));
			assertThat(message.getRecipients(Message.RecipientType.TO))
				.containsExactly(new InternetAddress("reader@example.test"));
			assertThat(message.getSubject()).isEqualTo("Reset your Café password");
			assertThat(((String) message.getContent()).replace("\r\n", "\n")).isEqualTo(text);
		});
	}

	@Test
	void signupWhenMailConfiguredThenVerificationCodeArrives() {
		this.contextRunner.withPropertyValues("auth.mail.application-name=Example App").run((context) -> {
			context.getBean(SignupFlow.class)
				.signup(new AuthRequests.Signup("signup@example.test", "plum-orchard-cascade", "Signup Co",
						"signup-co"), ClientInfo.SERVER);
			assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
			MimeMessage message = greenMail.getReceivedMessages()[0];
			assertThat(message.getFrom()).containsExactly(new InternetAddress(FROM));
			assertThat(message.getRecipients(Message.RecipientType.TO))
				.containsExactly(new InternetAddress("signup@example.test"));
			assertThat(message.getSubject()).isEqualTo("Your Example App verification code");
			assertThat((String) message.getContent()).containsPattern("Your verification code is: \\d{6}");
		});
	}

}
