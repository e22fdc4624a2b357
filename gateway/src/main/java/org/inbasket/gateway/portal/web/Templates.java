package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * The portal's pages, rendered by FreeMarker from {@code .ftlh} templates on the class path.
 *
 * <p>SECURITY: the HTML output format escapes every interpolation; the only unescaped value is the message
 * body that {@link HtmlSanitizer} produced, marked with {@code ?no_esc} in one template. {@code ?new} and
 * {@code ?api} are disabled, and errors are rethrown (never rendered into the page).</p>
 */
public final class Templates {
    private final Configuration configuration;

    public Templates() {
        this(Templates.class, "templates");
    }

    /** Templates from the class path folder {@code folder}, relative to {@code base}'s package. */
    public Templates(Class<?> base, String folder) {
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(base, folder);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE); // class-path templates never change
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        wrapper.setExposeFields(false);
        configuration.setObjectWrapper(wrapper.build());
    }

    /** Renders a page template (name without extension) with the model. */
    public String render(String page, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            configuration.getTemplate(page + ".ftlh").process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("Template " + page + " failed", e);
        }
    }
}
