package dev.systemauth.interop.issuer;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The auth service of the interop tests: the starter and nothing else, configured by the test (RS256, its
 * signing key and previous verification keys, the database).
 */
@SpringBootApplication
public class IssuerApplication {

}
