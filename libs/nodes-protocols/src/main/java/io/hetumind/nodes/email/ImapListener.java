package io.hetumind.nodes.email;

import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.net.PinnedAddress;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * One open IMAP mailbox that turns new mail into executions. A thread of its own waits with IDLE when
 * the server offers it (a watchdog ends each IDLE after {@code wake} so the connection is checked and a
 * forced reconnect happens on time), else it looks every {@code wake}; it searches whenever the
 * mailbox grew, and once after each (re)connect. Each search's matches, above the last UID taken,
 * become one emit (in batches of 20 from v2.1); they are marked seen only after the host took them,
 * so a refused emit leaves them for the next look. A lost connection is reported with
 * {@link ListenContext#broken} (the host reopens the listener after a back-off).
 */
final class ImapListener implements AutoCloseable {

    /** The last UID taken in a mailbox of that UIDVALIDITY: n8n's {@code lastMessageUid}. */
    record Cursor(long uidValidity, long lastUid) {
        /** As the host keeps it ({@link ListenContext#saveState}). */
        com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            com.fasterxml.jackson.databind.node.ObjectNode o = io.hetumind.core.spi.Json.object();
            o.put("uidValidity", uidValidity);
            o.put("lastMessageUid", lastUid);
            return o;
        }

        /** A saved cursor, or null when {@code state} holds none. */
        static Cursor of(com.fasterxml.jackson.databind.node.ObjectNode state) {
            return state.path("lastMessageUid").canConvertToLong()
                            && state.path("uidValidity").canConvertToLong()
                    ? new Cursor(
                            state.path("uidValidity").asLong(),
                            state.path("lastMessageUid").asLong())
                    : null;
        }
    }

    /** What the node's parameters decide. */
    record Settings(
            String mailbox,
            boolean markSeen,
            ImapSearch search,
            int batchSize,
            LocalDate sinceWhenNoCursor,
            Duration forceReconnect,
            Duration wake,
            boolean useIdle) {}

    static final int BATCH = 20;

    private final PinnedAddress server;
    private final Properties properties;
    private final String user;
    private final String password;
    private final Secrets secrets;
    private final Settings settings;
    private final ImapItems items;
    private final AtomicReference<Cursor> cursor;
    private final ListenContext ctx;
    private final ImapErrors errors;

    private volatile boolean closed;
    private volatile IMAPStore store;
    private volatile IMAPFolder folder;
    private volatile boolean idling;
    private boolean idle;
    private volatile long connectedAt;
    private Thread loop;
    private Thread watchdog;
    private int knownCount = -1;

    ImapListener(
            PinnedAddress server,
            Properties properties,
            String user,
            String password,
            Secrets secrets,
            Settings settings,
            ImapItems items,
            AtomicReference<Cursor> cursor,
            ListenContext ctx) {
        this.server = server;
        this.properties = properties;
        this.user = user;
        this.password = password;
        this.secrets = secrets;
        this.settings = settings;
        this.items = items;
        this.cursor = cursor;
        this.ctx = ctx;
        this.errors = new ImapErrors(server, user, settings.mailbox(), secrets);
    }

    /** Connects, opens the mailbox and tries the search once (so bad criteria fail here), then listens. */
    ImapListener start() {
        try {
            connect();
            search(settings.search());
        } catch (MessagingException e) {
            closeQuietly();
            throw errors.of(e);
        }
        loop = Thread.ofPlatform()
                .daemon()
                .name("imap-listener-" + ctx.workflowId())
                .start(this::run);
        watchdog = Thread.ofVirtual().name("imap-watchdog-" + ctx.workflowId()).start(this::watch);
        return this;
    }

    private void connect() throws MessagingException {
        Session session = Session.getInstance(properties);
        IMAPStore s = (IMAPStore) session.getStore("imap");
        store = s;
        s.connect(server.host(), server.port(), user, password);
        IMAPFolder f = (IMAPFolder) s.getFolder(settings.mailbox());
        f.open(Folder.READ_WRITE);
        folder = f;
        connectedAt = System.nanoTime();
        knownCount = -1;
        idle = settings.useIdle() && s.hasCapability("IDLE");
    }

    private void run() {
        try {
            while (!closed) {
                int count = folder.getMessageCount();
                if (count != knownCount) {
                    knownCount = count;
                    if (!fetchNew()) {
                        knownCount = -2; // not taken: look again on the next wake
                    }
                }
                if (closed) {
                    break;
                }
                if (settings.forceReconnect() != null
                        && System.nanoTime() - connectedAt
                                >= settings.forceReconnect().toNanos()) {
                    closeQuietly();
                    connect();
                    continue;
                }
                if (idle) {
                    idling = true;
                    try {
                        folder.idle(true);
                    } finally {
                        idling = false;
                    }
                } else {
                    Thread.sleep(settings.wake());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                String why = e instanceof MessagingException m
                        ? "connection to the IMAP server at " + server.where() + " lost: " + ImapErrors.reason(m)
                        : "handling mail from the IMAP server at " + server.where() + " failed: "
                                + (e instanceof NodeException n ? n.getMessage() : ImapErrors.reason(e));
                ctx.broken(secrets.redact(why), null);
            }
        } finally {
            closeQuietly();
        }
    }

    /** Ends each IDLE after {@code wake}: a look at the folder from this thread makes Angus send DONE. */
    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(settings.wake());
            } catch (InterruptedException e) {
                return;
            }
            IMAPFolder f = folder;
            if (idling && f != null && !closed) {
                try {
                    f.getMessageCount();
                } catch (MessagingException | RuntimeException e) {
                    // the listening thread sees the same failure and reports it
                }
            }
        }
    }

    /** One look: search, emit the new matches in batches, mark them seen, move the cursor. */
    private boolean fetchNew() throws MessagingException, IOException, InterruptedException {
        long validity = folder.getUIDValidity();
        Cursor c = cursor.get();
        if (c != null && c.uidValidity() != validity) {
            c = null; // the mailbox was recreated: its UIDs start again
        }
        long last = c == null ? 0 : c.lastUid();
        ImapSearch search = settings.search();
        if (c != null) {
            search = search.and(ImapSearch.uidsFrom(last));
        } else if (settings.sinceWhenNoCursor() != null) {
            search = search.and(ImapSearch.since(settings.sinceWhenNoCursor()));
        }
        boolean first = true;
        int found;
        do {
            if (!first) {
                search = search.withoutUidAndSince().and(ImapSearch.uidsFrom(last));
            }
            first = false;
            long[] uids = search(search);
            found = uids.length;
            long[] wanted = settings.batchSize() > 0 && uids.length > settings.batchSize()
                    ? Arrays.copyOf(uids, settings.batchSize())
                    : uids;
            if (wanted.length == 0) {
                return true;
            }
            Message[] messages = folder.getMessagesByUID(wanted);
            List<Message> present = new ArrayList<>();
            for (Message m : messages) {
                if (m != null) {
                    present.add(m);
                }
            }
            Message[] fetched = present.toArray(Message[]::new);
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(FetchProfile.Item.CONTENT_INFO);
            profile.add(IMAPFolder.FetchProfileItem.HEADERS);
            folder.fetch(fetched, profile);
            List<Item> batch = new ArrayList<>();
            long max = last;
            for (Message m : fetched) {
                long uid = folder.getUID(m);
                if (uid <= last) {
                    continue; // n8n: only messages above the last UID taken
                }
                max = Math.max(max, uid);
                batch.add(items.item(m, uid));
            }
            if (!batch.isEmpty()) {
                try {
                    ctx.emit(batch);
                } catch (ListenContext.EmitRefusedException e) {
                    ctx.log().log(
                            System.Logger.Level.WARNING,
                            "IMAP mail in '" + settings.mailbox() + "' not taken, left for the next look: "
                                    + e.getMessage());
                    return false;
                }
            }
            if (settings.markSeen() && fetched.length > 0) {
                folder.setFlags(fetched, new Flags(Flags.Flag.SEEN), true);
            }
            if (max > last) {
                last = max;
                Cursor moved = new Cursor(validity, last);
                cursor.set(moved);
                ctx.saveState(moved.toJson()); // a restart or another replica goes on from here
            }
        } while (settings.batchSize() > 0 && found >= settings.batchSize() && !closed);
        return true;
    }

    /** {@code UID SEARCH} with the criteria as written; the UIDs ascending. */
    private long[] search(ImapSearch search) throws MessagingException {
        Object result = folder.doCommand(p -> {
            Response[] r = p.command("UID SEARCH", search.arguments());
            Response status = r[r.length - 1];
            List<Long> uids = new ArrayList<>();
            if (status.isOK()) {
                for (Response each : r) {
                    if (each instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                        for (long n; (n = ir.readLong()) != -1; ) {
                            uids.add(n);
                        }
                    }
                }
            }
            p.notifyResponseHandlers(r);
            p.handleResult(status);
            return uids.stream().mapToLong(Long::longValue).sorted().toArray();
        });
        return (long[]) result;
    }

    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.interrupt();
        }
        closeQuietly();
        if (loop != null && loop != Thread.currentThread()) {
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeQuietly() {
        IMAPFolder f = folder;
        IMAPStore s = store;
        folder = null;
        try {
            if (f != null && f.isOpen()) {
                f.forceClose();
            }
        } catch (MessagingException | RuntimeException e) {
            // already gone
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (MessagingException | RuntimeException e) {
            // already gone
        }
    }
}
