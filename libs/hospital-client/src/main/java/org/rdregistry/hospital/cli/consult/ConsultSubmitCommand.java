package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.cli.ConnectionOptions;
import org.rdregistry.hospital.consult.AnswersFile;
import org.rdregistry.hospital.consult.CredentialFile;
import org.rdregistry.hospital.consult.JointKeyFile;
import org.rdregistry.hospital.consult.PatientSession;
import org.rdregistry.hospital.consult.SubmitResult;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.trustee.Fingerprints;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code registry consult submit}: encrypts answers and history and submits the consultation. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Encrypts your answers (one proven one-hot vector per feature of each chosen model) and your "
                + "de-identified history under the trustees' joint key, and submits them with your public key. "
                + "Prints the consultation id. The access credential, shown once by the service, is saved to a new "
                + "file (permissions 600; default consultation-<id>.credential next to --key), never printed unless "
                + "--print-credential is given.")
final class ConsultSubmitCommand extends ConsultBase {

    private static final Pattern SPECIALTY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    KeyOptions key;

    @Option(names = "--specialty", required = true, paramLabel = "S", description = "The experts' queue, e.g. cardiology")
    String specialty;

    @Option(names = "--answers", required = true, paramLabel = "FILE",
            description = "answers.json: {\"<model@version>\": {\"<feature>\": \"<category>\", ...}, ...} "
                    + "('registry consult models MODEL' prints a template)")
    Path answersFile;

    @Option(names = "--history", required = true, paramLabel = "FILE",
            description = "The de-identified history (UTF-8 text; remove names, dates and identifiers first)")
    Path historyFile;

    @Option(names = "--joint-key", required = true, paramLabel = "FILE",
            description = "The trustees' joint key: ceremony-result.json, a joint key or registry-key.json (wire JSON)")
    Path jointKeyFile;

    @Option(names = "--joint-key-fingerprint", paramLabel = "HEX",
            description = "Refuse unless the joint key has this SHA-256 fingerprint (the one the trustees publish)")
    String jointKeyFingerprint;

    @Option(names = "--credential-file", paramLabel = "FILE",
            description = "Where to save the access credential (default: consultation-<id>.credential next to --key)")
    Path credentialFile;

    @Option(names = "--print-credential",
            description = "Also print the access credential (a secret: whoever has it and a patient token can read "
                    + "the status, withdraw or acknowledge)")
    boolean printCredential;

    @Override
    int run() throws IOException {
        PrintWriter out = out();
        if (!SPECIALTY.matcher(specialty).matches()) {
            throw new CliException("--specialty must be lower-case letters, digits and '-', e.g. cardiology");
        }
        PublicKey jointKey = JointKeyFile.read(jointKeyFile);
        String fingerprint = Fingerprints.of(jointKey);
        if (jointKeyFingerprint != null && !jointKeyFingerprint.strip().equalsIgnoreCase(fingerprint)) {
            throw new CliException("the joint key in " + jointKeyFile + " has fingerprint " + fingerprint + ", not "
                    + jointKeyFingerprint.strip());
        }
        byte[] history = readText(historyFile, "history", ConsultationSubmission.MAX_HISTORY_BYTES - 16);
        byte[] answersJson = Files.readAllBytes(answersFile);
        KeyPair patient = key.load(err());
        PatientSession session = new PatientSession(connection.consultationClient(), patient);
        Map<ModelRef, ScoringModel> published = session.publishedModels();
        Map<ModelRef, Map<String, String>> answers = AnswersFile.parse(answersFile.toString(), answersJson,
                published::get, published.keySet());
        answers.keySet().stream().map(published::get).filter(m -> !m.specialty().equals(specialty)).forEach(m ->
                err().println("warning: model " + m.ref() + " belongs to " + m.specialty() + ", not " + specialty));
        err().flush();

        String id = ConsultationEncryptor.newConsultationId();
        Path credentialPath = credentialFile != null ? credentialFile : CredentialFile.besideKey(key.key, id);
        CredentialFile.checkWritable(credentialPath);
        SubmitResult result;
        try {
            result = session.submit(id, jointKey, specialty, answers, history);
        } finally {
            Arrays.fill(history, (byte) 0);
        }
        try {
            CredentialFile.write(credentialPath, id, result.accessCredential());
        } catch (IOException e) {
            throw new CliException("consultation " + id + " was submitted, but its access credential could not be "
                    + "saved to " + credentialPath + " (" + e.getMessage() + "); without it the consultation cannot be "
                    + "followed and expires unread");
        }
        out.println("consultation " + id + " submitted (" + result.status() + ") to the " + specialty + " queue with "
                + String.join(", ", answers.keySet().stream().map(ModelRef::toString).toList()) + "; joint key "
                + fingerprint);
        out.println("access credential saved to " + credentialPath + " (permissions 600; keep it with your key)");
        if (printCredential) {
            out.println("access credential: " + result.accessCredential());
        }
        out.println(id);
        out.flush();
        return OK;
    }

    /** A UTF-8 text file of 1..max bytes (the caller wipes the bytes). */
    static byte[] readText(Path file, String what, int max) throws IOException {
        long size = Files.size(file);
        if (size == 0 || size > max) {
            throw new CliException("the " + what + " " + file + " must have 1.." + max + " bytes (it has " + size + ")");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            Arrays.fill(bytes, (byte) 0);
            throw new CliException("the " + what + " " + file + " is not UTF-8 text");
        }
        return bytes;
    }
}
