package org.inbasket.gateway.portal.web;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Makes the HTML body of a clinic message safe to show inside the portal page (OWASP Java HTML Sanitizer).
 *
 * <p>Kept: text formatting, paragraphs, lists, headings, tables, and links to http, https and mailto (opened
 * with {@code rel="nofollow noopener noreferrer"}). Dropped: scripts, event handlers, styles, forms, frames,
 * images and every other element or attribute.</p>
 *
 * <p>SECURITY: second line of defence is the page's Content-Security-Policy, which allows no script at all.
 * Images are dropped so that remote images (tracking pixels) never load.</p>
 */
public final class HtmlSanitizer {
    private static final PolicyFactory POLICY = Sanitizers.FORMATTING
        .and(Sanitizers.BLOCKS)
        .and(Sanitizers.TABLES)
        .and(new HtmlPolicyBuilder()
            .allowElements("a")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .allowElements("br", "hr", "pre", "code", "span", "div")
            .toFactory());

    private HtmlSanitizer() {
    }

    /** The sanitised HTML. */
    public static String sanitize(String untrusted) {
        return POLICY.sanitize(untrusted);
    }
}
