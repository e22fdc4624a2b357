package org.inbasket.gateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Turns the shipped James configuration files in {@code conf/} into the files James reads at run time.
 *
 * <p>Every top-level {@code *.xml} and {@code *.properties} file of the configuration directory (except
 * {@code gateway.properties} and {@code logback.xml}) is copied into the runtime directory with each
 * {@code ${name}} placeholder replaced by the gateway setting of that name. An unknown placeholder is an
 * error naming file, line and placeholder. XML files are checked for well-formedness (error with file and
 * line) and may use the attribute {@code inbasket-if="setting"} on any element: the element is kept only
 * when that setting is not empty (this is how the relay host, an optional setting, becomes an optional
 * {@code <gateway>} parameter of RemoteDelivery).</p>
 *
 * <p>SECURITY: values are XML-escaped in XML files, so a password holding {@code <} or {@code &} cannot
 * change the structure of the configuration.</p>
 */
public final class ConfRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9.]*)}");
    public static final String CONDITION_ATTRIBUTE = "inbasket-if";

    private final Map<String, String> values;

    public ConfRenderer(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Renders every eligible file of {@code sourceDir} into {@code targetDir} (created, and emptied first). */
    public List<Path> renderDirectory(Path sourceDir, Path targetDir) {
        List<Path> rendered = new ArrayList<>();
        try {
            Files.createDirectories(targetDir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(targetDir)) {
                for (Path p : old) {
                    if (Files.isSymbolicLink(p) || Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(sourceDir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (Files.isDirectory(file)) {
                        // Folders (triage rules, portal templates) are read and watched where the operator
                        // keeps them: a link, so edits take effect without a restart.
                        Files.createSymbolicLink(targetDir.resolve(name), file.toAbsolutePath());
                        continue;
                    }
                    if (!Files.isRegularFile(file) || !isRendered(name)) {
                        continue;
                    }
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    String out = name.endsWith(".xml") ? renderXml(file, text) : renderText(file, text, false);
                    Path target = targetDir.resolve(name);
                    Files.writeString(target, out, StandardCharsets.UTF_8);
                    rendered.add(target);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(sourceDir + ": cannot render configuration: " + e.getMessage(), e);
        }
        return rendered;
    }

    static boolean isRendered(String name) {
        return (name.endsWith(".xml") || name.endsWith(".properties"))
            && !name.equals(GatewaySettings.FILE_NAME)
            && !name.equals("logback.xml");
    }

    String renderText(Path file, String text, boolean xmlEscape) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PLACEHOLDER.matcher(lines[i]);
            StringBuilder line = new StringBuilder();
            while (m.find()) {
                String key = m.group(1);
                String value = values.get(key);
                if (value == null) {
                    throw new ConfigException(file + ":" + (i + 1) + ": unknown placeholder '${" + key + "}'");
                }
                m.appendReplacement(line, Matcher.quoteReplacement(xmlEscape ? escapeXml(value) : value));
            }
            m.appendTail(line);
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    String renderXml(Path file, String text) {
        String substituted = renderText(file, text, true);
        Document doc = parse(file, substituted);
        NodeList all = doc.getElementsByTagName("*");
        List<Element> conditional = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute(CONDITION_ATTRIBUTE)) {
                conditional.add(e);
            }
        }
        if (conditional.isEmpty()) {
            return substituted;
        }
        for (Element e : conditional) {
            String key = e.getAttribute(CONDITION_ATTRIBUTE);
            String value = values.get(key);
            if (value == null) {
                throw new ConfigException(file + ": element <" + e.getTagName() + "> names unknown setting '" + key
                    + "' in " + CONDITION_ATTRIBUTE);
            }
            if (value.isEmpty()) {
                e.getParentNode().removeChild(e);
            } else {
                e.removeAttribute(CONDITION_ATTRIBUTE);
            }
        }
        return serialize(file, doc);
    }

    private static Document parse(Path file, String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new ConfigException(file + ":" + e.getLineNumber() + ": malformed XML: " + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new ConfigException(file + ": malformed XML: " + e.getMessage());
        }
    }

    private static String serialize(Path file, Document doc) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter writer = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(writer));
            return writer.toString();
        } catch (TransformerException e) {
            throw new ConfigException(file + ": cannot write rendered XML: " + e.getMessage());
        }
    }

    static String escapeXml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
