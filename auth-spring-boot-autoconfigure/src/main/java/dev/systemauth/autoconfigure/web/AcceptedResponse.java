package dev.systemauth.autoconfigure.web;

/**
 * The body of every 202 answer: the same whether or not the account exists.
 *
 * @param status always {@code accepted}
 * @param message what happens next
 */
public record AcceptedResponse(String status, String message) {

	static final AcceptedResponse INSTANCE = new AcceptedResponse("accepted",
			"If an account exists for this email, a message is on its way.");

}
