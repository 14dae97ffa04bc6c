package org.rdregistry.consult.engine;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ScoringModel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What an HTTP handler asks the state machine to do, on the internal commands topic. The key is the consultation id
 * (or {@code model:<ref>}), so every command on one consultation is applied in order by one Streams task: that is
 * what makes exactly one of any number of concurrent claims win. {@code commandId} is unique; the result carries it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Command.Create.class, name = "create"),
        @JsonSubTypes.Type(value = Command.Claim.class, name = "claim"),
        @JsonSubTypes.Type(value = Command.Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = Command.Acknowledge.class, name = "acknowledge"),
        @JsonSubTypes.Type(value = Command.Withdraw.class, name = "withdraw"),
        @JsonSubTypes.Type(value = Command.PublishModel.class, name = "publish-model")})
public sealed interface Command {

    String commandId();

    /** The commands-topic key. */
    @JsonIgnore
    String key();

    /** Key prefix of model publications (never a consultation id, which is a UUID). */
    String MODEL_KEY_PREFIX = "model:";

    /** A verified submission; the service keeps only the SHA-256 of the access credential. */
    record Create(String commandId, ConsultationSubmission submission, String credentialSha256) implements Command {
        public Create {
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(credentialSha256, "credentialSha256");
        }

        @Override
        public String key() {
            return submission.consultationId();
        }
    }

    /** An expert (token subject, with the token's specialties) claims a case for {@code expertKey}. */
    record Claim(String commandId, String consultationId, String expert, List<String> specialties,
                 PublicKey expertKey) implements Command {
        public Claim {
            Objects.requireNonNull(expert, "expert");
            Objects.requireNonNull(expertKey, "expertKey");
            specialties = List.copyOf(specialties);
        }

        @Override
        public String key() {
            return consultationId;
        }
    }

    /** The lease holder's opinion, sealed to the patient's key. */
    record Answer(String commandId, String consultationId, String expert, String leaseId, SealedBox opinion)
            implements Command {
        public Answer {
            Objects.requireNonNull(expert, "expert");
            Objects.requireNonNull(leaseId, "leaseId");
            Objects.requireNonNull(opinion, "opinion");
        }

        @Override
        public String key() {
            return consultationId;
        }
    }

    /** The patient read the opinion: purge. */
    record Acknowledge(String commandId, String consultationId, String credentialSha256) implements Command {
        @Override
        public String key() {
            return consultationId;
        }
    }

    /** The patient withdraws: purge at any time. */
    record Withdraw(String commandId, String consultationId, String credentialSha256) implements Command {
        @Override
        public String key() {
            return consultationId;
        }
    }

    /** Publish a scoring model; a published reference never changes. */
    record PublishModel(String commandId, ScoringModel model) implements Command {
        public PublishModel {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String key() {
            return MODEL_KEY_PREFIX + model.ref();
        }
    }
}
