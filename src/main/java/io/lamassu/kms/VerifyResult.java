package io.lamassu.kms;

public record VerifyResult(boolean valid) {
}
