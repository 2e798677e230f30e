package com.example.whatsapp.optin.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Files the user names on the command line: a file that cannot be read is bad input (exit 2), said with its reason. */
final class InputFiles {

    private InputFiles() {
    }

    static String read(Path file) {
        refuseDirectory(file);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** A UTF-8 text file to read line by line, without a spreadsheet's byte order mark. */
    static BufferedReader open(Path file) {
        refuseDirectory(file);
        try {
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            // A spreadsheet's byte order mark would otherwise be part of the first column's name.
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return reader;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static void refuseDirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": it is a directory");
        }
    }

    private static IllegalArgumentException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new IllegalArgumentException("cannot read " + file + ": no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new IllegalArgumentException("cannot read " + file + ": permission denied");
        }
        if (e instanceof CharacterCodingException) {
            return new IllegalArgumentException("cannot read " + file + ": not UTF-8 text");
        }
        return new IllegalArgumentException("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
}
