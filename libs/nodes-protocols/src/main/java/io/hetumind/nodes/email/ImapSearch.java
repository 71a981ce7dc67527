package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Argument;

/**
 * IMAP search criteria written as n8n's {@code customEmailConfig} (node-imap's search array, e.g.
 * {@code ["UNSEEN", ["FROM", "a@b.c"], ["OR", "FLAGGED", ["SINCE", "2024-05-20"]]]}), read once at
 * activation and sent to the server as written, so a criterion means what the server makes of it.
 * Criteria are ANDed; a name starting with "!" is negated; names and messages follow node-imap.
 */
record ImapSearch(List<Term> terms) {

    /** Thrown for criteria that cannot be sent; the message names the criterion. */
    static final class BadCriteria extends RuntimeException {
        BadCriteria(String message) {
            super(message);
        }
    }

    /** One search key with its arguments. */
    sealed interface Term {
        void write(Argument out);

        boolean nonAscii();
    }

    record Flag(String name) implements Term {
        public void write(Argument out) {
            out.writeAtom(name);
        }

        public boolean nonAscii() {
            return false;
        }
    }

    record Text(String name, List<String> values) implements Term {
        public void write(Argument out) {
            out.writeAtom(name);
            for (String v : values) {
                out.writeString(v, StandardCharsets.UTF_8);
            }
        }

        public boolean nonAscii() {
            return values.stream().anyMatch(v -> v.chars().anyMatch(c -> c > 127));
        }
    }

    record Word(String name, String value) implements Term {
        public void write(Argument out) {
            out.writeAtom(name);
            out.writeAtom(value);
        }

        public boolean nonAscii() {
            return false;
        }
    }

    record Not(Term term) implements Term {
        public void write(Argument out) {
            out.writeAtom("NOT");
            term.write(out);
        }

        public boolean nonAscii() {
            return term.nonAscii();
        }
    }

    record Or(Term left, Term right) implements Term {
        public void write(Argument out) {
            // each side is one search key, so no parentheses are needed (some servers, GreenMail among
            // them, refuse parenthesised keys)
            out.writeAtom("OR");
            left.write(out);
            right.write(out);
        }

        public boolean nonAscii() {
            return left.nonAscii() || right.nonAscii();
        }
    }

    private static final Set<String> FLAGS = Set.of(
            "ALL",
            "ANSWERED",
            "DELETED",
            "DRAFT",
            "FLAGGED",
            "NEW",
            "SEEN",
            "RECENT",
            "OLD",
            "UNANSWERED",
            "UNDELETED",
            "UNDRAFT",
            "UNFLAGGED",
            "UNSEEN");
    private static final Set<String> TEXTS = Set.of("BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO");
    private static final Set<String> DATES = Set.of("BEFORE", "ON", "SENTBEFORE", "SENTON", "SENTSINCE", "SINCE");
    private static final Pattern SEQUENCE_SET = Pattern.compile("(\\d+|\\*)(:(\\d+|\\*))?(,(\\d+|\\*)(:(\\d+|\\*))?)*");
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH));

    /** n8n's default: the messages not yet seen. */
    static final String DEFAULT = "[\"UNSEEN\"]";

    /** Parses the option's text; {@link BadCriteria} says what is wrong. */
    static ImapSearch parse(String text) {
        JsonNode tree;
        try {
            tree = Json.reader().readTree(text);
        } catch (Exception e) {
            throw new BadCriteria("Custom email config is not valid JSON.");
        }
        if (tree == null || !tree.isArray()) {
            throw new BadCriteria("Custom email config must be a JSON array of search criteria, e.g. [\"UNSEEN\"]");
        }
        List<Term> terms = new ArrayList<>();
        for (JsonNode c : tree) {
            terms.add(term(c));
        }
        return new ImapSearch(terms);
    }

    /** This search plus more terms (n8n adds UID and SINCE terms to the user's criteria). */
    ImapSearch and(Term... more) {
        List<Term> all = new ArrayList<>(terms);
        all.addAll(List.of(more));
        return new ImapSearch(all);
    }

    /** This search without top-level UID and SINCE terms (n8n drops them between batches). */
    ImapSearch withoutUidAndSince() {
        return new ImapSearch(terms.stream()
                .filter(t -> !(t instanceof Word w && w.name().equals("UID"))
                        && !(t instanceof Word w2 && w2.name().equals("SINCE")))
                .toList());
    }

    /** "UID from:*": the messages from that UID on (the server always includes the highest one). */
    static Term uidsFrom(long uid) {
        return new Word("UID", uid + ":*");
    }

    /** "SINCE d-Mon-yyyy": the messages received on or after that day. */
    static Term since(LocalDate day) {
        return new Word("SINCE", imapDate(day));
    }

    /** The arguments of {@code UID SEARCH}, with {@code CHARSET UTF-8} when a value is not ASCII. */
    Argument arguments() {
        Argument out = new Argument();
        if (terms.stream().anyMatch(Term::nonAscii)) {
            out.writeAtom("CHARSET");
            out.writeAtom("UTF-8");
        }
        if (terms.isEmpty()) {
            out.writeAtom("ALL");
        }
        for (Term t : terms) {
            t.write(out);
        }
        return out;
    }

    private static Term term(JsonNode c) {
        String name;
        List<JsonNode> args = new ArrayList<>();
        if (c.isTextual()) {
            name = c.asText();
        } else if (c.isArray() && !c.isEmpty() && c.get(0).isTextual()) {
            name = c.get(0).asText();
            for (int i = 1; i < c.size(); i++) {
                args.add(c.get(i));
            }
        } else {
            throw new BadCriteria("Unexpected search option: " + c);
        }
        boolean negate = name.startsWith("!");
        String key = (negate ? name.substring(1) : name).toUpperCase(Locale.ROOT);
        Term t = keyed(key, args);
        return negate ? new Not(t) : t;
    }

    private static Term keyed(String key, List<JsonNode> args) {
        if (FLAGS.contains(key)) {
            return new Flag(key);
        }
        if (key.equals("OR")) {
            count(key, args, 2);
            return new Or(term(args.get(0)), term(args.get(1)));
        }
        if (TEXTS.contains(key)) {
            count(key, args, 1);
            return new Text(key, List.of(scalar(key, args.get(0))));
        }
        if (key.equals("HEADER")) {
            count(key, args, 2);
            return new Text(key, List.of(scalar(key, args.get(0)), scalar(key, args.get(1))));
        }
        if (key.equals("KEYWORD") || key.equals("UNKEYWORD")) {
            count(key, args, 1);
            String word = scalar(key, args.get(0));
            if (!word.matches("[^\\s(){%*\"\\\\\\]]+")) {
                throw new BadCriteria("Search option argument must be a keyword (flag name): " + key);
            }
            return new Word(key, word);
        }
        if (DATES.contains(key)) {
            count(key, args, 1);
            return new Word(key, imapDate(date(key, scalar(key, args.get(0)))));
        }
        if (key.equals("LARGER") || key.equals("SMALLER")) {
            count(key, args, 1);
            String n = scalar(key, args.get(0)).strip();
            if (!n.matches("\\d{1,18}")) {
                throw new BadCriteria("Search option argument must be a number: " + key);
            }
            return new Word(key, Long.toString(Long.parseLong(n)));
        }
        if (key.equals("UID")) {
            count(key, args, 1);
            JsonNode a = args.get(0);
            List<String> parts = new ArrayList<>();
            if (a.isArray()) {
                a.forEach(p -> parts.add(p.asText()));
            } else {
                parts.add(scalar(key, a));
            }
            String set = String.join(",", parts).replace(" ", "");
            if (!SEQUENCE_SET.matcher(set).matches()) {
                throw new BadCriteria("Search option argument must be a UID set such as 1:5,7 or 10:*: " + key);
            }
            return new Word(key, set);
        }
        throw new BadCriteria("Unexpected search option: " + key);
    }

    private static void count(String key, List<JsonNode> args, int wanted) {
        if (args.size() != wanted) {
            throw new BadCriteria("Incorrect number of arguments for search option: " + key);
        }
    }

    private static String scalar(String key, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new BadCriteria("Search option argument must be text or a number: " + key);
        }
        return value.asText();
    }

    private static LocalDate date(String key, String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toLocalDate();
        } catch (DateTimeParseException e) {
            // not an ISO instant with an offset; try the date forms below
        }
        try {
            return LocalDate.parse(t.length() > 10 && t.charAt(10) == 'T' ? t.substring(0, 10) : t);
        } catch (DateTimeParseException e) {
            // not an ISO date
        }
        for (DateTimeFormatter f : DATE_FORMATS) {
            try {
                return LocalDate.parse(t, f);
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        throw new BadCriteria("Search option argument must be a Date object or a parseable date string: " + key + " '"
                + text + "' (e.g. 2024-05-20 or 20-May-2024)");
    }

    /** node-imap's date: day without a leading zero, English month, four-digit year. */
    static String imapDate(LocalDate day) {
        return day.getDayOfMonth() + "-" + MONTHS[day.getMonthValue() - 1] + "-" + day.getYear();
    }
}
