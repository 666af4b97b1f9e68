package nnc.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * An editor talking to the server the way VS Code does: JSON-RPC over a pair of pipes, with
 * LSP4J's launcher on both ends, so every message goes through the real protocol encoding.
 */
final class EditorSession implements AutoCloseable {
    static final long TIMEOUT_S = 20;

    final LanguageServer server;
    private final NncLanguageServer impl;
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private final OutputStream toServer;

    EditorSession() throws IOException {
        Pipe up = Pipe.open();
        Pipe down = Pipe.open();
        InputStream serverIn = Channels.newInputStream(up.source());
        toServer = Channels.newOutputStream(up.sink());
        impl = NncLanguageServer.serve(serverIn, Channels.newOutputStream(down.sink()));
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(),
                Channels.newInputStream(down.source()), toServer);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    InitializeResult initialize(boolean snippets) {
        InitializeParams params = new InitializeParams();
        ClientCapabilities caps = new ClientCapabilities();
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        CompletionCapabilities completion = new CompletionCapabilities();
        completion.setCompletionItem(new CompletionItemCapabilities(snippets));
        text.setCompletion(completion);
        caps.setTextDocument(text);
        params.setCapabilities(caps);
        InitializeResult result = get(server.initialize(params));
        server.initialized(new InitializedParams());
        return result;
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "nn", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The next diagnostics published for {@code uri}. */
    PublishDiagnosticsParams diagnostics(String uri) {
        try {
            while (true) {
                PublishDiagnosticsParams p = published.poll(TIMEOUT_S, TimeUnit.SECONDS);
                assertNotNull(p, "no diagnostics published for " + uri);
                if (p.getUri().equals(uri)) {
                    return p;
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static <T> T get(CompletableFuture<T> answer) {
        try {
            return answer.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("request not answered: " + e, e);
        }
    }

    /** Ends the session as an editor does; the server must report a clean exit. */
    @Override
    public void close() throws Exception {
        get(server.shutdown());
        server.exit();
        assertEquals(0, impl.exitCode().get(TIMEOUT_S, TimeUnit.SECONDS));
        toServer.close();
    }

    private final class Client implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            published.add(diagnostics);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(
                ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }
}
