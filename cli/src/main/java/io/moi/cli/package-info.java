/**
 * The {@code moi} command line: picocli commands that talk to the server's REST API with a JAX-RS
 * client and print what upstream moi printed, byte for byte. It runs outside the application
 * server, so it is built into its own jar (target/moi-cli.jar) and nothing here goes into the WAR.
 */
package io.moi.cli;
