package org.rdregistry.registry.release;

import java.math.BigInteger;
import java.util.Objects;

import org.rdregistry.crypto.dp.Rational;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The noise every contributing trustee adds to every slot of a release: none, or a discrete Gaussian
 * with variance {@code sigma2PerUnit · Δ²} per trustee for a slot of sensitivity Δ (so every slot
 * costs the same privacy; crypto spec §6.5).
 */
public record NoiseParameters(Mechanism mechanism, Rational sigma2PerUnit) {

    public enum Mechanism { NONE, DISCRETE_GAUSSIAN }

    public NoiseParameters {
        Objects.requireNonNull(mechanism, "mechanism");
        if (mechanism == Mechanism.NONE && sigma2PerUnit != null) {
            throw new IllegalArgumentException("no variance without noise");
        }
        if (mechanism == Mechanism.DISCRETE_GAUSSIAN
                && (sigma2PerUnit == null || sigma2PerUnit.signum() <= 0)) {
            throw new IllegalArgumentException("a discrete Gaussian needs sigma2PerUnit > 0");
        }
    }

    public static NoiseParameters none() {
        return new NoiseParameters(Mechanism.NONE, null);
    }

    public static NoiseParameters gaussian(Rational sigma2PerUnit) {
        return new NoiseParameters(Mechanism.DISCRETE_GAUSSIAN, sigma2PerUnit);
    }

    @JsonIgnore
    public boolean isNone() {
        return mechanism == Mechanism.NONE;
    }

    /** The per-trustee variance for one slot: sigma2PerUnit · Δ². */
    public Rational sigma2For(Slot slot) {
        if (isNone()) {
            throw new IllegalStateException("no noise configured");
        }
        BigInteger d = BigInteger.valueOf(slot.sensitivity());
        return sigma2PerUnit.multiply(Rational.of(d.multiply(d), BigInteger.ONE));
    }
}
