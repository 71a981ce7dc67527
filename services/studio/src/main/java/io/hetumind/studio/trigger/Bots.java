package io.hetumind.studio.trigger;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Webhook node's {@code options.ignoreBots}: user agents of crawlers, link previewers and monitoring robots (the
 * kinds n8n's {@code isbot} check refuses). Requests without a user agent are not bots.
 */
final class Bots {
    private static final Pattern BOT = Pattern.compile(
            "bot\\b|bot/|bot;|robot|crawl|spider|slurp|scraper|archiver|facebookexternalhit|facebookcatalog"
                    + "|embedly|quora link preview|bingpreview|linkpreview|vkshare|whatsapp|skypeuripreview"
                    + "|headlesschrome|phantomjs|lighthouse|pagespeed|pingdom|uptimerobot|statuscake|site24x7"
                    + "|mediapartners-google|adsbot|feedfetcher|feedburner|ia_archiver|yandex|baiduspider",
            Pattern.CASE_INSENSITIVE);

    private Bots() {}

    static boolean is(String userAgent) {
        return userAgent != null
                && !userAgent.isBlank()
                && BOT.matcher(userAgent.toLowerCase(Locale.ROOT)).find();
    }
}
