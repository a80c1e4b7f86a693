namespace Hindsight.Sampling;

/// <summary>
/// Immutable word, line and sentence pools the generator draws from. None of them may contain a word of the
/// typo table: typos only ever enter a prompt where the generator puts them, so the expected corrections are known.
/// </summary>
internal static class TextPools
{
    public static readonly IReadOnlyList<string> ProjectPaths =
    [
        "/Users/alex/code/hindsight", "/Users/alex/code/billing-service", "/Users/alex/code/dotfiles",
        "/home/sam/src/payments-api", "/home/sam/src/web-dashboard", "/home/sam/src/infra/terraform",
        "/Users/mira/work/mobile-app", "/Users/mira/work/design-system", "/Users/mira/work/search-indexer",
        "/home/dev/projects/data-pipeline", "/home/dev/projects/ml-experiments", "/home/dev/projects/cli-tools",
        "/Users/jordan/repos/blog", "/Users/jordan/repos/game-engine", "/Users/jordan/repos/rust-parser",
        "/srv/work/monorepo", "/srv/work/monorepo/packages/ui", "/srv/work/legacy-crm",
        "/Users/kim/Projects/notes-sync", "/Users/kim/Projects/photo-tagger", "/Users/kim/Projects/api-gateway",
        "/home/lee/code/compiler", "/home/lee/code/chat-bot", "/home/lee/code/k8s-operator",
        "/Users/pat/src/ecommerce-backend", "/Users/pat/src/ecommerce-frontend", "/Users/pat/src/analytics",
        "/workspace/app", "/workspace/experiments/agents", "/tmp/scratch",
        @"C:\Users\dev\repos\invoice-tool", @"C:\Users\dev\repos\desktop-client",
    ];

    public static readonly IReadOnlyList<string> GitBranches =
    [
        "main", "main", "main", "master", "develop", "feature/retry-logic", "fix/null-config", "refactor/parser",
        "feature/export-csv", "chore/upgrade-deps", "feature/auth-tokens", "fix/flaky-tests", "", "HEAD",
    ];

    public static readonly IReadOnlyList<string> SlugAdjectives =
    [
        "humble", "zippy", "parsed", "quiet", "brave", "lucky", "gentle", "curious", "sleepy", "eager", "witty", "calm",
    ];

    public static readonly IReadOnlyList<string> SlugVerbs =
    [
        "doodling", "wondering", "brewing", "sailing", "jumping", "humming", "drifting", "dancing", "baking", "roaming",
    ];

    public static readonly IReadOnlyList<string> SlugNouns =
    [
        "wolf", "wadler", "stearns", "turing", "lovelace", "hopper", "otter", "falcon", "knuth", "maple", "comet", "harbor",
    ];

    public static readonly IReadOnlyList<string> SourceFiles =
    [
        "src/parser/lexer.ts", "src/parser/tokens.ts", "src/api/client.ts", "src/api/routes.ts", "src/ui/Table.tsx",
        "src/ui/Preview.tsx", "src/store/session.ts", "src/utils/format.ts", "src/config/load.ts", "src/index.ts",
        "app/models/invoice.py", "app/services/billing.py", "app/api/views.py", "app/db/migrations/0042_add_index.py",
        "app/workers/sync.py", "tests/test_billing.py", "tests/test_views.py", "scripts/deploy.sh",
        "src/Orders/OrderService.cs", "src/Orders/OrderRepository.cs", "src/Web/Program.cs", "src/Web/Endpoints.cs",
        "tests/Orders.Tests/OrderServiceTests.cs", "internal/store/store.go", "internal/http/handler.go",
        "cmd/server/main.go", "pkg/retry/retry.go", "docs/ARCHITECTURE.md", "README.md", "package.json",
        "Cargo.toml", "src/main.rs", "src/lib.rs", ".github/workflows/ci.yml", "docker-compose.yml",
    ];

    public static readonly IReadOnlyList<string> TestFiles =
    [
        "tests/test_billing.py", "tests/test_views.py", "src/parser/lexer.test.ts", "src/api/client.test.ts",
        "tests/Orders.Tests/OrderServiceTests.cs", "internal/store/store_test.go", "test/integration/export.spec.ts",
    ];

    public static readonly IReadOnlyList<string> FunctionNames =
    [
        "parseHeader", "loadConfig", "formatAmount", "retryWithBackoff", "computeTotals", "fetchInvoices",
        "normalizePath", "buildIndex", "applyDiscount", "renderTable", "validateEmail", "syncUsers", "resolveImports",
        "get_invoice", "send_reminder", "compute_tax", "PlaceOrderAsync", "FindByCustomerAsync", "HandleUpload",
        "NewStore", "ServeHTTP", "tokenize", "emitBlock", "mergeSettings",
    ];

    public static readonly IReadOnlyList<string> Commands =
    [
        "npm test", "npm run build", "pnpm lint", "pytest -q", "pytest tests/test_billing.py -x", "dotnet test",
        "dotnet build -c Release", "go test ./...", "cargo test", "make check", "docker compose up -d", "yarn dev",
    ];

    public static readonly IReadOnlyList<string> Urls =
    [
        "https://docs.python.org/3/library/asyncio-task.html", "https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API",
        "https://learn.microsoft.com/en-us/dotnet/api/system.text.json.utf8jsonwriter",
        "https://github.com/example-org/example-repo/issues/1234", "https://go.dev/doc/effective_go",
        "https://www.postgresql.org/docs/16/indexes-multicolumn.html", "https://react.dev/reference/react/useEffect",
        "https://stripe.com/docs/api/invoices/create", "https://doc.rust-lang.org/book/ch09-02-recoverable-errors-with-result.html",
        "https://example.com/internal/wiki/release-process",
    ];

    public static readonly IReadOnlyList<string> ErrorLines =
    [
        "TypeError: Cannot read properties of undefined (reading 'length')",
        "    at parseHeader (src/parser/lexer.ts:88:17)",
        "    at Object.<anonymous> (src/index.ts:12:5)",
        "Traceback (most recent call last):",
        "  File \"app/services/billing.py\", line 142, in compute_tax",
        "    rate = rates[region]",
        "KeyError: 'eu-west'",
        "System.NullReferenceException: Object reference not set to an instance of an object.",
        "   at Orders.OrderService.PlaceOrderAsync(Order order) in src/Orders/OrderService.cs:line 57",
        "panic: runtime error: index out of range [3] with length 3",
        "goroutine 1 [running]:",
        "main.main()\n\t/home/dev/cmd/server/main.go:41 +0x1d",
        "error[E0502]: cannot borrow `items` as mutable because it is also borrowed as immutable",
        "ERROR: relation \"invoices_tmp\" does not exist",
        "FAILED tests/test_billing.py::test_compute_tax_rounding - AssertionError: assert 10.01 == 10.0",
        "npm ERR! code ERESOLVE",
        "npm ERR! ERESOLVE unable to resolve dependency tree",
        "Error: connect ECONNREFUSED 127.0.0.1:5432",
    ];

    public static readonly IReadOnlyList<string> PromptTemplates =
    [
        "can you check why {func} in {path} returns an empty list? I think the problem is in the query",
        "the tests in {test} fail after my last change, please check and fix them",
        "I'm getting this error when I run `{cmd}`:\n```\n{error}\n```\nwhat does it mean?",
        "please refactor {func} so that it doesn't create a new database connection for each request",
        "add a parameter to {func} for the timeout and update the callers",
        "look at {url} and implement the same retry logic in {path}",
        "why is the response from the server different from what the docs say at {url}?",
        "can you write a test for {func} that checks the length of the returned string",
        "this is wrong, the function should return the first match, not the last one",
        "let's separate the parsing from the validation, they should be two different functions",
        "definitely keep the old behaviour until we have a migration for the database",
        "there's a strange bug: when I delete a file from the list the message doesn't update until I refresh",
        "create a new file {path} with a small helper that will check the address format",
        "here is the stack trace, can you find the cause?\n```\n{log}\n```",
        "can you explain what `{inline}` does here? I don't understand the argument order",
        "commit this with a good message and push to the branch",
        "run the tests again please",
        "what's the difference between {func} and {func2}? they look the same to me",
        "I believe the problem is the variable scope in {path}, could you check that",
        "thanks, that's better. now the width and height of the preview should also be configurable",
        "we need to receive the events in the order they happened, right now they come in a random order",
        "the success message should only show when the upload is complete",
        "just check whether the dependency is compatible with node 20 and update it if it is",
        "it would be good to have a list of all the places where we call {func}",
        "this change is not relevant for the release, revert it",
        "no, use the existing helper in {path} instead of writing a new one",
        "please update the changelog and bump the version",
        "can you make the error message more helpful? it should say which file failed",
        "the query is slow on the big table, can you add an index and check the plan",
        "I've been looking at {path} and I think we should split it, it's doing too much",
        "the build is broken since this morning, here is the output of `{cmd}`:\n```\n{log}\n```",
        "make the retry wait longer each time, and stop after five attempts",
        "can you check that the environment variables are loaded before the client is created?",
        "I don't think that's right, the argument should be optional",
        "the function is called with a null value when the user has no address, handle that case",
        "please don't change the public interface, other teams depend on it",
        "we should probably cache the response, it's the same for every request in the session",
        "update the tests so they don't depend on the current date",
        "I'm not sure the message is shown to the user, can you check the handler in {path}?",
        "the preview has the wrong width on small screens, the height is fine",
        "can you implement the export to csv? the columns should be the same as in the table",
        "write a short summary of what changed in this branch for the pull request",
        "it works now, thanks! one more thing: the list should be sorted by date",
        "could you check if we still need the old migration? I think it was replaced",
        "the string is truncated in the log, we should print the whole message",
        "please read {url} first, then tell me which option we should use",
        "the script should exit with an error code when the check fails",
        "ok, now do the same for {func2}",
        "can you delete the unused imports and run the linter?",
        "I think we have a race condition in {func}, two requests can update the same record",
    ];

    public static readonly IReadOnlyList<string> SecretPromptTemplates =
    [
        "I've set OPENAI_API_KEY={openai} in the environment but the client still says the key is missing. can you check how we load the environment?",
        "use this token {github} to create the release from the script, it should have the right scopes",
        "the deploy fails with access denied, we use AWS_ACCESS_KEY_ID={aws} in the pipeline, can you check which policy is missing?",
        "here is my config, why does the request fail?\n```\nexport OPENAI_API_KEY={openai}\nexport API_BASE=https://example.com/v1\n```",
        "the GitHub action can't push, the token is {github} and it should have write access. please check the workflow",
        "just hardcode {aws} as the access key for now, we will move it to the vault later",
    ];

    public static readonly IReadOnlyList<string> SteeringTemplates =
    [
        "wait, don't change the public interface",
        "also update the tests please",
        "actually use the existing function instead",
        "stop, the error is in the parser, not in the lexer",
        "make sure the message is the same as before",
        "and check the other file too",
        "no need to run the whole test suite, just the one that failed",
        "I think the database is not running, check that first",
        "keep the old parameter name please",
        "that's the wrong file, it's {path}",
        "don't forget to update the readme",
        "use the same format as in {path}",
        "please also handle the case where the list is empty",
        "I'm back, what's the status?",
    ];

    public static readonly IReadOnlyList<string> SlashCommands =
    [
        "/clear", "/compact", "/init", "/model", "/cost", "/review", "/memory", "/context", "/resume", "/mcp",
    ];

    public static readonly IReadOnlyList<string> AssistantSentences =
    [
        "I'll look at the implementation first.",
        "Let me check the test file to see what is expected.",
        "The issue is that the cache key does not include the locale, so two users share one entry.",
        "I found the problem: the loop exits before the last element is processed.",
        "Now let me run the tests to make sure nothing else broke.",
        "All tests pass now.",
        "I've updated the function to handle the empty case explicitly.",
        "Here is a summary of the changes:",
        "- Moved the parsing into its own module",
        "- Added a guard for missing configuration values",
        "- Updated the callers to pass the new timeout",
        "The build succeeds and the linter reports no warnings.",
        "Let me search for other places that call this function.",
        "There are three call sites; two of them already pass the option.",
        "This looks like a timing issue: the handler runs before the store is ready.",
        "I'll add a regression test that reproduces the original bug.",
        "The migration adds a composite index on `(customer_id, created_at)`.",
        "With the index in place the query plan switches to an index scan.",
        "I can see the error comes from the serializer, not from the HTTP layer.",
        "Let me read the configuration loader to confirm the order of precedence.",
        "The environment variable is read after the client is constructed, which explains the failure.",
        "I've committed the change with the message `fix: load settings before creating the client`.",
        "Should I also update the documentation?",
        "The remaining warning is unrelated to this change.",
        "I'll keep the public signature the same and add an overload instead.",
    ];

    public static readonly IReadOnlyList<string> ThinkingSentences =
    [
        "The user wants the retry logic to back off exponentially.",
        "I need to find where the client is constructed before changing anything.",
        "The stack trace points at the lexer, but the real cause might be the caller passing an empty buffer.",
        "Let me think about which tests cover this path.",
        "If I change the signature, every caller has to be updated; an overload is safer.",
        "The query filters on two columns, so a composite index should help.",
        "I should verify the fix by running the failing test first.",
        "There may be a second place where the same value is parsed.",
        "The user asked not to change the public interface, so the change must stay internal.",
        "The date handling depends on the local time zone, which makes the test flaky.",
    ];

    public static readonly IReadOnlyList<string> TypeScriptLines =
    [
        "import { readFile } from 'node:fs/promises';",
        "import type { Token, TokenKind } from './tokens';",
        "",
        "export interface LexerOptions {",
        "  readonly tabWidth: number;",
        "  readonly keepComments?: boolean;",
        "}",
        "export function tokenize(source: string, options: LexerOptions): Token[] {",
        "  const tokens: Token[] = [];",
        "  let position = 0;",
        "  while (position < source.length) {",
        "    const ch = source[position];",
        "    if (ch === '\\n') {",
        "      tokens.push({ kind: 'newline', start: position, end: position + 1 });",
        "      position += 1;",
        "      continue;",
        "    }",
        "    const next = scanIdentifier(source, position);",
        "    if (next > position) {",
        "      tokens.push({ kind: 'identifier', start: position, end: next });",
        "      position = next;",
        "    }",
        "  }",
        "  return tokens;",
        "}",
        "export async function loadConfig(path: string): Promise<Config> {",
        "  const text = await readFile(path, 'utf8');",
        "  const parsed = JSON.parse(text) as Partial<Config>;",
        "  return { ...defaults, ...parsed };",
        "}",
        "// Keep the order stable: the renderer relies on it.",
        "const columns = ['date', 'customer', 'amount', 'status'] as const;",
        "export default function Table({ rows }: { rows: Row[] }) {",
        "  return (",
        "    <table className=\"data-table\">",
        "      {rows.map((row) => <TableRow key={row.id} row={row} />)}",
        "    </table>",
        "  );",
    ];

    public static readonly IReadOnlyList<string> PythonLines =
    [
        "from __future__ import annotations",
        "",
        "import logging",
        "from dataclasses import dataclass",
        "from decimal import Decimal, ROUND_HALF_UP",
        "",
        "logger = logging.getLogger(__name__)",
        "",
        "@dataclass(frozen=True)",
        "class Invoice:",
        "    number: str",
        "    customer_id: int",
        "    total: Decimal",
        "    region: str = \"eu-central\"",
        "",
        "def compute_tax(invoice: Invoice, rates: dict[str, Decimal]) -> Decimal:",
        "    \"\"\"Tax for one invoice, rounded half up to the cent.\"\"\"",
        "    rate = rates.get(invoice.region)",
        "    if rate is None:",
        "        raise KeyError(invoice.region)",
        "    return (invoice.total * rate).quantize(Decimal(\"0.01\"), rounding=ROUND_HALF_UP)",
        "",
        "def send_reminder(invoice: Invoice, mailer) -> None:",
        "    logger.info(\"sending reminder for %s\", invoice.number)",
        "    mailer.send(to=invoice.customer_id, template=\"reminder\", context={\"invoice\": invoice})",
        "",
        "class BillingService:",
        "    def __init__(self, repository, clock):",
        "        self._repository = repository",
        "        self._clock = clock",
        "",
        "    def overdue(self):",
        "        today = self._clock.today()",
        "        return [i for i in self._repository.open_invoices() if i.due_date < today]",
    ];

    public static readonly IReadOnlyList<string> CSharpLines =
    [
        "using System.Text.Json;",
        "",
        "namespace Orders;",
        "",
        "public sealed class OrderService(IOrderRepository repository, TimeProvider clock)",
        "{",
        "    public async Task<OrderId> PlaceOrderAsync(Order order, CancellationToken cancellationToken)",
        "    {",
        "        ArgumentNullException.ThrowIfNull(order);",
        "        if (order.Lines.Count == 0)",
        "        {",
        "            throw new InvalidOperationException(\"An order needs at least one line.\");",
        "        }",
        "        var placed = order with { PlacedAt = clock.GetUtcNow() };",
        "        await repository.AddAsync(placed, cancellationToken);",
        "        return placed.Id;",
        "    }",
        "",
        "    public Task<IReadOnlyList<Order>> FindByCustomerAsync(CustomerId customer, CancellationToken cancellationToken) =>",
        "        repository.FindAsync(o => o.Customer == customer, cancellationToken);",
        "}",
        "",
        "internal static class OrderJson",
        "{",
        "    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);",
        "}",
    ];

    public static readonly IReadOnlyList<string> GoLines =
    [
        "package store",
        "",
        "import (",
        "\t\"context\"",
        "\t\"database/sql\"",
        "\t\"errors\"",
        ")",
        "",
        "// ErrNotFound is returned when no row matches.",
        "var ErrNotFound = errors.New(\"store: not found\")",
        "",
        "type Store struct {",
        "\tdb *sql.DB",
        "}",
        "",
        "func NewStore(db *sql.DB) *Store {",
        "\treturn &Store{db: db}",
        "}",
        "",
        "func (s *Store) Get(ctx context.Context, id int64) (Item, error) {",
        "\tvar item Item",
        "\trow := s.db.QueryRowContext(ctx, `SELECT id, name, created_at FROM items WHERE id = $1`, id)",
        "\tif err := row.Scan(&item.ID, &item.Name, &item.CreatedAt); err != nil {",
        "\t\tif errors.Is(err, sql.ErrNoRows) {",
        "\t\t\treturn Item{}, ErrNotFound",
        "\t\t}",
        "\t\treturn Item{}, err",
        "\t}",
        "\treturn item, nil",
        "}",
    ];

    public static readonly IReadOnlyList<string> BashOutputLines =
    [
        "============================= test session starts ==============================",
        "platform linux -- Python 3.12.4, pytest-8.3.2, pluggy-1.5.0",
        "collected 214 items",
        "tests/test_billing.py ........................................          [ 18%]",
        "tests/test_views.py ..............F.............................         [ 39%]",
        "======================== 1 failed, 213 passed in 4.21s =========================",
        "  Determining projects to restore...",
        "  All projects are up-to-date for restore.",
        "  Orders -> /home/dev/src/Orders/bin/Debug/net10.0/Orders.dll",
        "Build succeeded.",
        "    0 Warning(s)",
        "    0 Error(s)",
        "Passed!  - Failed:     0, Passed:    87, Skipped:     0, Total:    87, Duration: 2 s",
        "ok  \texample.com/store\t0.412s",
        "--- FAIL: TestGetMissing (0.00s)",
        "On branch main",
        "Changes not staged for commit:",
        "\tmodified:   src/parser/lexer.ts",
        "\tmodified:   src/parser/tokens.ts",
        "no changes added to commit (use \"git add\" and/or \"git commit -a\")",
        "drwxr-xr-x  12 dev  staff   384 Jan 14 10:02 .",
        "-rw-r--r--   1 dev  staff  1832 Jan 14 09:58 package.json",
        "-rw-r--r--   1 dev  staff   421 Jan 12 17:40 tsconfig.json",
        "added 312 packages, and audited 313 packages in 6s",
        "found 0 vulnerabilities",
        "> web-dashboard@1.4.0 build",
        "vite v5.4.2 building for production...",
        "  dist/assets/index-4f2a9c.js   241.38 kB | gzip: 78.12 kB",
        "a1b2c3d fix: load settings before creating the client",
        "9f8e7d6 feat: export invoices as csv",
        "Compiling rust-parser v0.3.1 (/home/lee/code/rust-parser)",
        "    Finished `test` profile [unoptimized + debuginfo] target(s) in 3.07s",
        "test result: ok. 41 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out",
    ];

    public static readonly IReadOnlyList<string> SessionTitles =
    [
        "Fix lexer crash on empty input", "Add retry with backoff to API client", "Invoice tax rounding bug",
        "Export table to CSV", "Speed up customer search query", "Refactor configuration loading",
        "Upgrade dependencies and fix lint", "Investigate flaky date tests", "Release notes for 1.4",
        "Claude Code warmup for project",
    ];

    public static readonly IReadOnlyList<string> AgentDescriptions =
    [
        "Explore code organization", "Find callers of the config loader", "Review the migration",
        "Research retry strategies", "Summarize failing tests", "Audit error handling", "Plan the CSV export",
    ];

    public static readonly IReadOnlyList<string> AgentTypes = ["general-purpose", "general-purpose", "Explore", "Plan"];

    public static readonly IReadOnlyList<string> McpTools =
    [
        "mcp__github__get_issue", "mcp__github__list_pull_requests", "mcp__postgres__query", "mcp__browser__screenshot",
    ];
}
