// The Strata extension is a thin client: it finds the `strata` binary, starts
// `strata lsp` over stdio and hands it the user's settings. Every finding,
// hover and code action comes from the server.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ConfigurationParams,
  ConfigurationRequest,
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const CLIENT_ID = 'strata';
const CLIENT_NAME = 'Strata';

/** Languages whose documents are sent to the server (when the language is installed). */
const LANGUAGES = ['terraform', 'terraform-vars', 'hcl', 'yaml', 'helm', 'dockerfile', 'json'];

/** File patterns sent to the server whatever language VS Code gave them. */
const FILE_PATTERNS = [
  '**/Dockerfile*',
  '**/*.Dockerfile',
  '**/Containerfile',
  '**/*.tf',
  '**/*.tfvars',
  '**/*.tf.json',
  '**/templates/**/*.yaml',
  '**/*.tpl',
];

/** Files whose changes on disk the server wants to hear about. */
const WATCHED_FILES = ['**/*.{tf,tfvars,tf.json,yaml,yml,tpl,json}', '**/Dockerfile*', '**/strata.toml'];

/**
 * The settings the server reads: the same object is sent as
 * `initializationOptions` and as the answer to `workspace/configuration`
 * for the section `strata`.
 */
export interface ServerSettings {
  failOn: string;
  rulesDir: string | null;
  trustedRegistries: string[];
  varFiles: string[];
  valuesFiles: string[];
}

let client: LanguageClient | undefined;
let clientWatchers: vscode.Disposable[] = [];
let output: vscode.OutputChannel | undefined;
let traceOutput: vscode.OutputChannel | undefined;
// Starts and stops are chained so that a restart never overlaps another one.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  traceOutput = vscode.window.createOutputChannel(`${CLIENT_NAME} Trace`);
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand('strata.restartServer', () => enqueue(() => restart(context))),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('strata.server')) {
        // A new binary or new arguments need a new process.
        void enqueue(() => restart(context));
      } else if (event.affectsConfiguration('strata')) {
        notifySettingsChanged();
      }
    }),
  );

  void enqueue(() => start(context));
}

export function deactivate(): Thenable<void> {
  return enqueue(stop);
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step).catch((error: unknown) => {
    output?.appendLine(`[strata] ${errorText(error)}`);
  });
  return lifecycle;
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('strata');
  const command = resolveServerPath(config.get<string>('server.path', ''), context.extensionPath);
  if (command === undefined) {
    void reportMissingServer(config.get<string>('server.path', ''));
    return;
  }
  const args = ['lsp', ...config.get<string[]>('server.extraArgs', [])];
  output?.appendLine(`[strata] starting ${command} ${args.join(' ')}`);

  const serverOptions: ServerOptions = {
    command,
    args,
    transport: TransportKind.stdio,
  };

  clientWatchers = WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    traceOutputChannel: traceOutput,
    initializationOptions: () => serverSettings(firstWorkspaceFolder()),
    synchronize: {
      fileEvents: clientWatchers as vscode.FileSystemWatcher[],
    },
    middleware: {
      workspace: {
        configuration: answerConfiguration,
      },
    },
  };

  const created = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`Strata: the language server did not start: ${errorText(error)}`);
    throw error;
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  const watchers = clientWatchers;
  clientWatchers = [];
  try {
    if (running !== undefined && running.needsStop()) {
      await running.stop();
    }
  } finally {
    watchers.forEach((watcher) => watcher.dispose());
  }
}

function documentSelector(): DocumentSelector {
  const byLanguage = LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const byPattern = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern }));
  return [...byLanguage, ...byPattern];
}

/**
 * Answers `workspace/configuration`. Requests for the whole `strata` section
 * get the same flat object as `initializationOptions`; any other section
 * (for example `strata.failOn`) gets VS Code's own value.
 */
async function answerConfiguration(
  params: ConfigurationParams,
  token: vscode.CancellationToken,
  next: ConfigurationRequest.HandlerSignature,
): Promise<unknown[]> {
  const fallback = await next(params, token);
  const defaults = Array.isArray(fallback) ? fallback : [];
  return params.items.map((item, index) => {
    if (item.section === 'strata') {
      const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
      const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : firstWorkspaceFolder();
      return serverSettings(folder, scope);
    }
    return defaults[index] ?? null;
  });
}

function notifySettingsChanged(): void {
  const running = client;
  if (running === undefined || !running.isRunning()) {
    return;
  }
  // The payload is the settings themselves, so a server may use it directly
  // or treat the notification as a cue to pull `workspace/configuration`.
  void running.sendNotification('workspace/didChangeConfiguration', {
    settings: { strata: serverSettings(firstWorkspaceFolder()) },
  });
}

export function serverSettings(folder?: vscode.WorkspaceFolder, scope?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration('strata', scope ?? folder?.uri);
  const base = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const rulesDir = config.get<string>('rulesDir', '').trim();
  return {
    failOn: config.get<string>('failOn', 'low'),
    rulesDir: rulesDir === '' ? null : resolveUserPath(rulesDir, base),
    trustedRegistries: stringList(config.get<unknown>('trustedRegistries')),
    varFiles: stringList(config.get<unknown>('terraform.varFiles')).map((file) => resolveUserPath(file, base)),
    valuesFiles: stringList(config.get<unknown>('helm.valuesFiles')).map((file) => resolveUserPath(file, base)),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

/** Expands `~` and `${workspaceFolder}` and makes relative paths absolute against `base`. */
function resolveUserPath(value: string, base: string | undefined): string {
  let expanded = value;
  if (base !== undefined) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, base);
  }
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  if (!path.isAbsolute(expanded) && base !== undefined) {
    expanded = path.join(base, expanded);
  }
  return expanded;
}

/**
 * The server binary: the configured path if set, else `strata` on PATH,
 * else `bin/strata` inside the extension. `undefined` when none exists.
 */
export function resolveServerPath(configured: string, extensionPath: string): string | undefined {
  const setting = configured.trim();
  if (setting !== '') {
    const folder = firstWorkspaceFolder();
    const base = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const resolved = setting.includes('/') || setting.includes('\\') ? resolveUserPath(setting, base) : setting;
    if (path.isAbsolute(resolved)) {
      return isExecutableFile(resolved) ? resolved : undefined;
    }
    return findOnPath(resolved);
  }
  const exe = process.platform === 'win32' ? 'strata.exe' : 'strata';
  const onPath = findOnPath('strata');
  if (onPath !== undefined) {
    return onPath;
  }
  const bundled = path.join(extensionPath, 'bin', exe);
  return isExecutableFile(bundled) ? bundled : undefined;
}

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const suffixes =
    process.platform === 'win32'
      ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((ext) => ext.toLowerCase())]
      : [''];
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, name + suffix);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

async function reportMissingServer(configured: string): Promise<void> {
  const message =
    configured.trim() !== ''
      ? `Strata: \`strata.server.path\` is set to "${configured}", but no executable is there.`
      : 'Strata: the `strata` executable was not found on PATH. Install it, or set `strata.server.path`.';
  output?.appendLine(`[strata] ${message}`);
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'strata.server.path');
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
