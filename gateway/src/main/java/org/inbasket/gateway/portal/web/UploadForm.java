package org.inbasket.gateway.portal.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.fileupload.FileCountLimitExceededException;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;

/**
 * A {@code multipart/form-data} form with files, parsed as a stream by Commons FileUpload with limits: total
 * size, number of parts, size of each field and file, accepted file types (recognised by content).
 *
 * <p>Problems with single files (too big, wrong type, too many) are collected as plain-language messages for
 * the patient, and the rest of the form is kept so the typed text is not lost. A request over the total limit
 * is marked {@link #tooLarge()}.</p>
 */
public final class UploadForm {
    /** A file the patient attached, accepted. */
    public record Upload(String fileName, String contentType, byte[] data) {
    }

    /** The limits for one form; no {@code types} accepts any file, unchecked (the caller parses it). */
    public record Limits(int maxFiles, long maxFileSize, List<String> types, int maxFieldBytes) {
        long maxRequest() {
            return maxFiles * (maxFileSize + 4096) + 4L * maxFieldBytes + 64 * 1024;
        }
    }

    private final Map<String, String> fields = new HashMap<>();
    private final List<Upload> files = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean tooLarge;

    private UploadForm() {
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public List<Upload> files() {
        return List.copyOf(files);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /**
     * Parses a request body.
     *
     * @param contentType   the request's Content-Type header
     * @param contentLength the declared length, or -1
     * @param body          the body stream
     */
    public static UploadForm parse(String contentType, long contentLength, InputStream body, Limits limits)
        throws IOException {
        UploadForm form = new UploadForm();
        if (contentLength > limits.maxRequest()) {
            form.tooLarge = true;
            drain(body, limits);
            return form;
        }
        FileUpload upload = new FileUpload();
        upload.setSizeMax(limits.maxRequest());
        upload.setFileCountMax(limits.maxFiles() + 16L);
        upload.setHeaderEncoding(StandardCharsets.UTF_8.name());
        UploadContext context = new UploadContext() {
            @Override
            public String getCharacterEncoding() {
                return StandardCharsets.UTF_8.name();
            }

            @Override
            public String getContentType() {
                return contentType;
            }

            @Override
            @Deprecated
            public int getContentLength() {
                return (int) Math.min(Integer.MAX_VALUE, contentLength);
            }

            @Override
            public long contentLength() {
                return contentLength;
            }

            @Override
            public InputStream getInputStream() {
                return body;
            }
        };
        try {
            FileItemIterator items = upload.getItemIterator(context);
            while (items.hasNext()) {
                FileItemStream item = items.next();
                if (item.isFormField()) {
                    form.readField(item, limits);
                } else {
                    form.readFile(item, limits);
                }
            }
        } catch (FileUploadBase.SizeLimitExceededException | FileCountLimitExceededException e) {
            form.tooLarge = true;
        } catch (FileUploadBase.FileUploadIOException e) {
            if (e.getCause() instanceof FileUploadBase.SizeLimitExceededException
                || e.getCause() instanceof FileUploadBase.FileSizeLimitExceededException) {
                form.tooLarge = true;
            } else {
                throw e;
            }
        } catch (FileUploadException e) {
            throw new IOException("malformed multipart form", e);
        }
        if (form.tooLarge) {
            drain(body, limits);
        }
        return form;
    }

    /**
     * Reads and discards what is left of an oversize body, up to four times the limit, so the browser gets the
     * explanation page instead of a reset connection; beyond that the connection is closed.
     */
    private static void drain(InputStream body, Limits limits) throws IOException {
        body.skipNBytes(0);
        long left = limits.maxRequest() * 4;
        byte[] buffer = new byte[64 * 1024];
        int read;
        while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    private void readField(FileItemStream item, Limits limits) throws IOException {
        try (InputStream in = item.openStream()) {
            byte[] bytes = in.readNBytes(limits.maxFieldBytes() + 1);
            if (bytes.length > limits.maxFieldBytes()) {
                in.transferTo(OutputStreamSink.INSTANCE);
                problems.add("Your message is too long. Please shorten it.");
                return;
            }
            fields.putIfAbsent(item.getFieldName(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private void readFile(FileItemStream item, Limits limits) throws IOException {
        String name = item.getName() == null ? "" : item.getName();
        try (InputStream in = item.openStream()) {
            if (name.isBlank()) {
                in.transferTo(OutputStreamSink.INSTANCE);
                return;
            }
            String safeName = SafeNames.fileName(name);
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileSize() + 1));
            if (data.length == 0) {
                return;
            }
            if (data.length > limits.maxFileSize()) {
                long total = data.length + in.transferTo(OutputStreamSink.INSTANCE);
                problems.add("\u201c" + safeName + "\u201d is " + megabytes(total) + ". Each file can be at most "
                    + megabytes(limits.maxFileSize()) + ". Please send a smaller photo or file.");
                return;
            }
            if (files.size() >= limits.maxFiles()) {
                problems.add("You can attach at most " + limits.maxFiles() + " files to one message.");
                return;
            }
            if (limits.types().isEmpty()) {
                files.add(new Upload(safeName, "application/octet-stream", data));
                return;
            }
            Optional<String> type = UploadTypes.detect(data).filter(limits.types()::contains);
            if (type.isEmpty()) {
                problems.add("\u201c" + safeName + "\u201d is not a kind of file we can accept. Please send "
                    + describe(limits.types()) + ".");
                return;
            }
            files.add(new Upload(withExtension(safeName, type.get()), type.get(), data));
        }
    }

    private static String withExtension(String name, String type) {
        String extension = UploadTypes.extension(type);
        String lower = name.toLowerCase(Locale.ROOT);
        boolean matches = lower.endsWith(extension) || (type.equals("image/jpeg") && lower.endsWith(".jpeg"));
        return matches ? name : name + extension;
    }

    static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb >= 1 ? String.format(Locale.ENGLISH, "%.1f MB", mb).replace(".0 MB", " MB")
            : String.format(Locale.ENGLISH, "%d KB", Math.max(1, bytes / 1024));
    }

    static String describe(List<String> types) {
        List<String> names = new ArrayList<>();
        if (types.stream().anyMatch(t -> t.startsWith("image/"))) {
            names.add("a photo (" + String.join(", ", types.stream().filter(t -> t.startsWith("image/"))
                .map(t -> t.substring(6).toUpperCase(Locale.ROOT)).toList()) + ")");
        }
        if (types.contains("application/pdf")) {
            names.add("a PDF document");
        }
        return String.join(" or ", names);
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends ByteArrayOutputStream {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }
}
