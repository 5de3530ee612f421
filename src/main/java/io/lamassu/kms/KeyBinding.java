package io.lamassu.kms;

/**
 * A resource that uses a key, for example {@code ("ca", "<ca id>")}. While a key has a binding it
 * cannot be deleted (409 KEY_IN_USE): a CA whose key vanished would stay ACTIVE and fail every
 * signature.
 */
public record KeyBinding(String resourceType, String resourceId) {
    public static KeyBinding ca(String caId) {
        return new KeyBinding("ca", caId);
    }

    @Override
    public String toString() {
        return resourceType + " '" + resourceId + "'";
    }
}
