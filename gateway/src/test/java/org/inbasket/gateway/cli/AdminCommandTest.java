package org.inbasket.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.inbasket.gateway.GatewayMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine;

/** The admin client's command tree, and its requests against a stand-in admin API (the JDK's HTTP server). */
class AdminCommandTest {
    private static final String TOKEN = "test-token-123";

    @TempDir
    Path dir;
    private HttpServer api;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path tokenFile;

    @BeforeEach
    void startFakeApi() throws Exception {
        tokenFile = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path + " " + body);
            int status;
            String answer;
            if (!("Bearer " + TOKEN).equals(auth)) {
                status = 401;
                answer = "{\"statusCode\":401,\"type\":\"Unauthorized\",\"message\":\"token required\"}";
            } else if (path.equals("/pools")) {
                status = 200;
                answer = "[{\"pool\":\"rn-pool@clinic.example\",\"members\":[]}]";
            } else if (path.equals("/users/taken@clinic.example")) {
                status = 409;
                answer = "{\"statusCode\":409,\"type\":\"WrongState\",\"message\":\"already exists\"}";
            } else if (path.equals("/users/nobody@clinic.example") && exchange.getRequestMethod().equals("HEAD")) {
                status = 404;
                answer = "";
            } else if (path.equals("/users/bad@clinic.example")) {
                status = 400;
                answer = "{\"statusCode\":400,\"type\":\"InvalidArgument\",\"message\":\"password too weak\"}";
            } else {
                status = 204;
                answer = "";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stopFakeApi() {
        api.stop(0);
    }

    private int run(String... args) {
        CommandLine commandLine = new GatewayMain(new PrintStream(new ByteArrayOutputStream()), Map.of()).commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String[] admin(String... args) {
        List<String> all = new ArrayList<>(List.of("admin", "--url", "http://127.0.0.1:" + api.getAddress().getPort(),
            "--token-file", tokenFile.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void everyCommandShouldHaveHelp() {
        CommandLine root = new GatewayMain(System.out, Map.of()).commandLine();
        List<List<String>> paths = new ArrayList<>();
        collect(root.getSubcommands().get("admin"), new ArrayList<>(List.of("admin")), paths);
        assertThat(paths).hasSizeGreaterThanOrEqualTo(25);
        // picocli warns on standard error when a description is not a valid format string (a lone '%').
        PrintStream standardError = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                out.getBuffer().setLength(0);
                List<String> args = new ArrayList<>(path);
                args.add("--help");

                assertThat(run(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
                assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: gateway " + String.join(" ", path));
            }
        } finally {
            System.setErr(standardError);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString()).isEmpty();
        assertThat(requests).isEmpty();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            path.add(name);
            collect(sub, path, paths);
            path.remove(path.size() - 1);
        });
    }

    @Test
    void aGroupWithoutItsCommandShouldBeAUsageError() {
        assertThat(run(admin("certs"))).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command: domain-issue|domain-show|expiring|export|import|issue|issue-all|list|revoke");
    }

    @Test
    void pickupRevokeShouldRequireExactlyOneId() {
        assertThat(run(admin("pickup", "revoke"))).isEqualTo(2);
        assertThat(run(admin("pickup", "revoke", "--message-id", "<a@b>", "--store-id", "1"))).isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    @Test
    void poolsListShouldSendTheTokenAndPrintTheAnswer() {
        assertThat(run(admin("pools", "list"))).isZero();

        assertThat(requests).containsExactly("GET /pools ");
        assertThat(out.toString()).contains("\"pool\" : \"rn-pool@clinic.example\"");
    }

    @Test
    void aRefusedTokenShouldExitOneWithTheApiMessage() throws Exception {
        Files.writeString(tokenFile, "wrong");

        assertThat(run(admin("pools", "list"))).isEqualTo(1);
        assertThat(err.toString()).contains("admin: GET /pools: HTTP 401: token required").doesNotContain("wrong");
    }

    @Test
    void aMissingTokenFileShouldExitTwo() {
        assertThat(run("admin", "--url", "http://127.0.0.1:1", "--token-file", dir.resolve("none").toString(),
            "pools", "list")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the admin token");
    }

    @Test
    void usersAddShouldReadThePasswordFromItsFile() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "correct horse\n");

        assertThat(run(admin("users", "add", "dr.new@clinic.example", "--password-file", password.toString()))).isZero();
        assertThat(requests).containsExactly("PUT /users/dr.new@clinic.example {\"password\":\"correct horse\"}");
    }

    @Test
    void usersRemoveShouldRefuseAnUnknownUserWithoutDeleting() {
        assertThat(run(admin("users", "remove", "nobody@clinic.example"))).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("admin: no user nobody@clinic.example\n");
        assertThat(out.toString()).doesNotContain("removed");
        assertThat(requests).containsExactly("HEAD /users/nobody@clinic.example ");
    }

    @Test
    void usersRemoveShouldDeleteAnExistingUser() {
        assertThat(run(admin("users", "remove", "dr.old@clinic.example"))).isZero();

        assertThat(out.toString()).isEqualTo("removed dr.old@clinic.example\n");
        assertThat(requests).containsExactly("HEAD /users/dr.old@clinic.example ", "DELETE /users/dr.old@clinic.example ");
    }

    @Test
    void usersImportShouldReportProgressAndASummary() throws Exception {
        StringBuilder csv = new StringBuilder("# address,password\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("u").append(i).append("@clinic.example,pw,with,commas\n");
        }
        csv.append("\ntaken@clinic.example,x\nbad@clinic.example,x\nno-password-here\n");
        Path file = Files.writeString(dir.resolve("users.csv"), csv);

        int code = run(admin("users", "import", file.toString(), "--progress-every", "2"));

        assertThat(code).isEqualTo(1);
        assertThat(requests).hasSize(7).contains("PUT /users/u5@clinic.example {\"password\":\"pw,with,commas\"}");
        assertThat(out.toString()).contains(
            "users import: 2/8\n",
            "users import: 4/8\n",
            "users import: skipped taken@clinic.example: already exists",
            "users import: failed bad@clinic.example: PUT /users/bad@clinic.example: HTTP 400: password too weak",
            "users import: failed entry 8: not 'address,password'",
            "users import: 8/8 processed: 5 created, 1 skipped, 2 failed");
    }
}
