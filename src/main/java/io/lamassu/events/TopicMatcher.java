package io.lamassu.events;

/** AMQP topic-exchange matching: '*' matches one word, '#' zero or more. */
public final class TopicMatcher {
    private TopicMatcher() {
    }

    public static boolean matches(String binding, String routingKey) {
        return match(binding.split("\\."), 0, routingKey.split("\\."), 0);
    }

    private static boolean match(String[] b, int i, String[] r, int j) {
        if (i == b.length) {
            return j == r.length;
        }
        if (b[i].equals("#")) {
            for (int k = j; k <= r.length; k++) {
                if (match(b, i + 1, r, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == r.length) {
            return false;
        }
        return (b[i].equals("*") || b[i].equals(r[j])) && match(b, i + 1, r, j + 1);
    }
}
