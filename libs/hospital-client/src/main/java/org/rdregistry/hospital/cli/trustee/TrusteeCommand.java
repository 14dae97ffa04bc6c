package org.rdregistry.hospital.cli.trustee;

import picocli.CommandLine.Command;

/**
 * {@code registry trustee ...}: what a trustee runs to create the registry key with the other trustees
 * (libs/trustee): an identity key, the ceremony configuration, the ceremony itself over a shared
 * directory or Kafka, and the public verification of a ceremony's result.
 */
@Command(name = "trustee", mixinStandardHelpOptions = true,
        description = "Trustee tools: identity keys, the key ceremony that creates the registry key (any t of n "
                + "trustees can decrypt, fewer learn nothing), and verification of a published ceremony.",
        subcommands = {IdentityCommand.class, InitConfigCommand.class, CeremonyCommand.class,
                VerifyCeremonyCommand.class})
public final class TrusteeCommand {
}
