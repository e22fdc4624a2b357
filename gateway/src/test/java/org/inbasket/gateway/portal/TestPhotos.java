package org.inbasket.gateway.portal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Small real images for the browser tests' uploads, as a phone would send them. */
public final class TestPhotos {
    private TestPhotos() {
    }

    /** A 64x48 picture written as {@code dir/fileName}; the format ({@code jpg}, {@code png}) is the extension. */
    public static Path photo(Path dir, String fileName) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 80, 80));
        g.fillOval(8, 8, 40, 30);
        g.dispose();
        Path file = dir.resolve(fileName);
        if (!ImageIO.write(image, fileName.substring(fileName.lastIndexOf('.') + 1), file.toFile())) {
            throw new IOException("no image writer for " + fileName);
        }
        return file;
    }
}
