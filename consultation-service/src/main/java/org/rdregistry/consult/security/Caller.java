package org.rdregistry.consult.security;

import java.util.List;

import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling, from the validated token: the subject and, for experts, the specialties claim. */
public record Caller(String subject, List<String> specialties) {

    public Caller {
        specialties = List.copyOf(specialties);
    }

    public static Caller of(Jwt jwt) {
        if (jwt == null || jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the token has no subject");
        }
        List<String> specialties;
        try {
            specialties = jwt.getClaimAsStringList(SecurityConfig.SPECIALTIES_CLAIM);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the token's specialties claim is not a list of names");
        }
        return new Caller(jwt.getSubject(), specialties == null ? List.of() : specialties);
    }

    public boolean hasSpecialty(String specialty) {
        return specialties.contains(specialty);
    }
}
