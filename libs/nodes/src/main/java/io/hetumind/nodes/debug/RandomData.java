package io.hetumind.nodes.debug;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The data sets of the Debug Helper's "Generate Random Data", in n8n's shapes (field names and formats of its
 * {@code randomData.ts}). n8n draws them with minifaker and its word lists; these come from small lists of our own,
 * so a seed gives the same data on every Hetumind run but not n8n's values.
 */
final class RandomData {

    private static final String[] FIRST = {
        "Ada", "Alan", "Amara", "Bea", "Carlos", "Chen", "Dara", "Elif", "Emil", "Fatima", "Grace", "Hugo", "Ines",
        "Jonas", "Kai", "Lena", "Lucia", "Mateo", "Mei", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
        "Uma", "Viktor", "Wen", "Yara", "Zoe"
    };
    private static final String[] LAST = {
        "Abara", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski",
        "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Urban", "Varga",
        "Weber", "Xu", "Yilmaz", "Zhang"
    };
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.test", "inbox.test"};
    private static final String[] STREETS = {
        "Maple", "Oak", "Cedar", "Elm", "Pine", "Lake", "Hill", "River", "Park", "Sunset", "Station", "Mill"
    };
    private static final String[] STREET_SUFFIXES = {"Street", "Avenue", "Road", "Lane", "Drive", "Court", "Way"};
    private static final String[] CITIES = {
        "Springfield",
        "Riverside",
        "Fairview",
        "Franklin",
        "Greenville",
        "Bristol",
        "Clinton",
        "Salem",
        "Madison",
        "Georgetown",
        "Arlington",
        "Ashland"
    };
    private static final String[] STATES = {
        "Alabama",
        "Alaska",
        "Arizona",
        "California",
        "Colorado",
        "Florida",
        "Georgia",
        "Illinois",
        "Maine",
        "Nevada",
        "New York",
        "Oregon",
        "Texas",
        "Utah",
        "Vermont",
        "Washington"
    };
    private static final String[] COUNTRIES = {
        "Argentina",
        "Australia",
        "Brazil",
        "Canada",
        "Denmark",
        "Egypt",
        "France",
        "Germany",
        "India",
        "Japan",
        "Kenya",
        "Mexico",
        "Norway",
        "Portugal",
        "Spain",
        "Vietnam"
    };
    private static final String[] WORDS = {
        "alpha", "bright", "cloud", "delta", "ember", "forge", "harbor", "lumen", "nova", "orbit", "pixel", "quartz"
    };
    private static final String[] TLDS = {"com", "org", "net", "io", "dev"};
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final SplittableRandom random;

    private RandomData(SplittableRandom random) {
        this.random = random;
    }

    /** A generator seeded by {@code seed}'s text (the same text, the same data), or by chance when empty. */
    static RandomData seeded(String seed) {
        if (seed == null || seed.isEmpty()) {
            return new RandomData(new SplittableRandom());
        }
        long hash = 1125899906842597L;
        for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
            hash = 31 * hash + b;
        }
        return new RandomData(new SplittableRandom(hash));
    }

    /** The generator of one data set by n8n's {@code randomDataType} value, or null for an unknown one. */
    Supplier<ObjectNode> of(String type, String nanoidAlphabet, int nanoidLength) {
        return switch (type) {
            case "user" -> this::user;
            case "email" -> () -> Json.object().put("email", email()).put("confirmed", random.nextBoolean());
            case "address" -> this::address;
            case "creditCard" -> this::creditCard;
            case "uuid" -> () -> Json.object().put("uuid", uuid());
            case "macAddress" -> () -> Json.object().put("mac", mac());
            case "ipv4" -> () -> Json.object().put("ip", ipv4());
            case "ipv6" -> () -> Json.object().put("ipv6", ipv6());
            case "latLong" -> () -> Json.object().put("location", latLong());
            case "semver" ->
                () -> Json.object()
                        .put("version", random.nextInt(10) + "." + random.nextInt(20) + "." + random.nextInt(50));
            case "url" -> () -> Json.object().put("url", "https://www." + pick(WORDS) + pick(WORDS) + "." + pick(TLDS));
            case "nanoid" -> () -> Json.object().put("nanoId", text(nanoidAlphabet, nanoidLength));
            default -> null;
        };
    }

    private ObjectNode user() {
        String first = pick(FIRST);
        String last = pick(LAST);
        return Json.object()
                .put("uid", uuid())
                .put("email", email(first, last))
                .put("firstname", first)
                .put("lastname", last)
                .put("password", text(ALNUM, 15));
    }

    private ObjectNode address() {
        return Json.object()
                .put("firstname", pick(FIRST))
                .put("lastname", pick(LAST))
                .put("street", (1 + random.nextInt(9999)) + " " + pick(STREETS) + " " + pick(STREET_SUFFIXES))
                .put("city", pick(CITIES))
                .put("zip", String.format(Locale.ROOT, "%05d", random.nextInt(100_000)))
                .put("state", pick(STATES))
                .put("country", pick(COUNTRIES));
    }

    private ObjectNode creditCard() {
        boolean master = random.nextBoolean();
        return Json.object()
                .put("type", master ? "MasterCard" : "Visa")
                .put("number", cardNumber(master ? "5" + (1 + random.nextInt(5)) : "4"))
                .put("ccv", String.format(Locale.ROOT, "%03d", random.nextInt(1000)))
                // n8n: month 1–12 and a two-digit "year" 1–40
                .put("exp", String.format(Locale.ROOT, "%02d/%02d", 1 + random.nextInt(12), 1 + random.nextInt(40)))
                .put("holder_name", pick(FIRST) + " " + pick(LAST));
    }

    /** Sixteen digits with a valid Luhn check digit. */
    private String cardNumber(String prefix) {
        StringBuilder digits = new StringBuilder(prefix);
        while (digits.length() < 15) {
            digits.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            int d = digits.charAt(14 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }

    private String email() {
        return email(pick(FIRST), pick(LAST));
    }

    private String email(String first, String last) {
        return (first + "." + last).toLowerCase(Locale.ROOT) + random.nextInt(100) + "@" + pick(DOMAINS);
    }

    private String uuid() {
        long hi = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private String mac() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x", random.nextInt(256)));
        }
        return b.toString();
    }

    private String ipv4() {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private String ipv6() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(i == 0 ? "" : ":").append(Integer.toHexString(random.nextInt(0x10000)));
        }
        return b.toString();
    }

    private String latLong() {
        double lat = random.nextDouble(-90, 90);
        double lon = random.nextDouble(-180, 180);
        return String.format(Locale.ROOT, "%.4f, %.4f", lat, lon);
    }

    private String text(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String pick(String[] list) {
        return list[random.nextInt(list.length)];
    }
}
