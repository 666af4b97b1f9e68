package nnc.cli.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import nnc.cli.Main;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The language server of {@code .nn} files, built on the compiler's own front end: the
 * diagnostics are those of {@code nnc check}, formatting is {@code nnc fmt}.
 */
public final class NncLanguageServer implements LanguageServer, LanguageClientAware {
    private final DocumentService documents = new DocumentService();
    private final WorkspaceService workspace = new WorkspaceServiceImpl();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutdown;

    /**
     * Serves one client over a pair of streams (the editor's pipe to our stdin and stdout)
     * until it sends {@code exit} or closes the stream.
     */
    public static NncLanguageServer serve(InputStream in, OutputStream out) {
        NncLanguageServer server = new NncLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        Thread watcher = new Thread(() -> {
            try {
                listening.get();
            } catch (InterruptedException | ExecutionException e) {
                Log.info("connection ended: " + e.getMessage());
            }
            server.exitCode.complete(server.shutdown ? 0 : 1);
        }, "nnc-lsp-connection");
        watcher.setDaemon(true);
        watcher.start();
        return server;
    }

    /**
     * The process's exit status, known once the client sent {@code exit} or went away: 0 when
     * it asked for {@code shutdown} first, 1 otherwise (as the protocol prescribes).
     */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void connect(LanguageClient client) {
        documents.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        documents.snippets(snippetSupport(params));
        ServerCapabilities caps = new ServerCapabilities();
        caps.setTextDocumentSync(TextDocumentSyncKind.Full);
        caps.setHoverProvider(true);
        caps.setCompletionProvider(new CompletionOptions(false, List.of(":", "(", ",", "=")));
        caps.setDefinitionProvider(true);
        caps.setReferencesProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setDocumentFormattingProvider(true);
        return CompletableFuture.completedFuture(
                new InitializeResult(caps, new ServerInfo("nnc", Main.VERSION)));
    }

    private static boolean snippetSupport(InitializeParams params) {
        return Optional.ofNullable(params).map(InitializeParams::getCapabilities)
                .map(c -> c.getTextDocument()).map(t -> t.getCompletion())
                .map(c -> c.getCompletionItem()).map(i -> i.getSnippetSupport())
                .orElse(false);
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        documents.stop();
        exitCode.complete(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }
}
