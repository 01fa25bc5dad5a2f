using System.Globalization;
using InferScope.Engines;
using InferScope.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InferScope.Server.Configuration;

/// <summary>
/// Loads and validates the YAML configuration. Every field is checked, unknown fields are errors, and
/// each error names the field path, the line and column and the fix. Relative paths are resolved
/// against the configuration file's folder.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads and validates a configuration file.</summary>
    /// <exception cref="ConfigException">The file is invalid; the message lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<InferScopeConfig> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var text = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        return Parse(text, fullPath);
    }

    /// <summary>Parses and validates configuration text; <paramref name="sourcePath"/> anchors relative paths.</summary>
    /// <exception cref="ConfigException">The text is invalid; the message lists every problem.</exception>
    public static InferScopeConfig Parse(string yaml, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message;
            var message = inner is null ? e.Message : $"{e.Message} {inner}";
            throw new ConfigException(sourcePath, [new ConfigError("(document)", (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {message}")]);
        }

        if (stream.Documents.Count == 0 || YamlMappingReader.IsNull(stream.Documents[0].RootNode))
        {
            return new InferScopeConfig { RedactedYaml = yaml, SourcePath = sourcePath };
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new ConfigException(sourcePath, [new ConfigError("(document)", (int)second.Start.Line, (int)second.Start.Column, "the file contains more than one YAML document; keep only the first")]);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            throw new ConfigException(sourcePath, [new ConfigError("(document)", (int)node.Start.Line, (int)node.Start.Column, "the top level must be a mapping of sections such as global, storage and endpoints")]);
        }

        var binder = new ConfigBinder(sourcePath);
        var config = binder.Bind(root, yaml);
        if (binder.Errors.Count > 0)
        {
            var ordered = binder.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
            throw new ConfigException(sourcePath, ordered);
        }

        return config;
    }

    /// <summary>Parses a size such as <c>512MB</c> or <c>1.5GB</c> in powers of 1024, as Prometheus's retention size.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        string[] units = ["KB", "MB", "GB", "TB", "PB", "EB", "B"];
        foreach (var unit in units)
        {
            if (!text.EndsWith(unit, StringComparison.Ordinal))
            {
                continue;
            }

            var number = text[..^unit.Length];
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var power = unit == "B" ? 0 : Array.IndexOf(units, unit) + 1;
            var result = value * Math.Pow(1024, power);
            if (result > long.MaxValue)
            {
                return false;
            }

            bytes = (long)result;
            return true;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }

    /// <summary>Parses an engine name from the configuration by <see cref="EngineKindNames.TryParse"/> (<c>vllm</c>, <c>trtllm</c>, <c>triton-trtllm</c>, ...).</summary>
    public static bool TryParseEngine(string text, out EngineKind engine)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EngineKindNames.TryParse(text, out engine);
    }

    /// <summary>Returns the configuration name of an engine: <c>TritonTrtllm</c> becomes <c>triton-trtllm</c>.</summary>
    public static string EngineName(EngineKind engine)
    {
        var name = engine.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>Binds one document; collects errors rather than stopping at the first.</summary>
    private sealed class ConfigBinder(string? sourcePath)
    {
        private readonly List<(int Start, int End)> secretSpans = [];

        public ConfigErrorList Errors { get; } = [];

        public InferScopeConfig Bind(YamlMappingNode root, string yaml)
        {
            var reader = new YamlMappingReader(root, string.Empty, Errors);
            var global = BindGlobal(reader.Mapping("global"));
            var storage = BindStorage(reader.Mapping("storage"));
            var endpoints = BindEndpoints(reader);
            var ruleFiles = reader.StringList("rule_files").Select(ResolvePath).ToList();
            var alerting = BindAlerting(reader.Mapping("alerting"));
            var auth = BindAuth(reader.Mapping("auth"));
            var web = BindWeb(reader.Mapping("web"));
            var query = BindQuery(reader.Mapping("query"));
            reader.RejectUnknownKeys();
            return new InferScopeConfig
            {
                Global = global,
                Storage = storage,
                Endpoints = endpoints,
                RuleFiles = ruleFiles,
                Alerting = alerting,
                Auth = auth,
                Web = web,
                Query = query,
                RedactedYaml = Redact(yaml),
                SourcePath = sourcePath,
            };
        }

        private GlobalConfig BindGlobal(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return new GlobalConfig();
            }

            var defaults = new GlobalConfig();
            var timeout = reader.Duration("scrape_timeout", TimeSpan.FromMilliseconds(1)) ?? defaults.ScrapeTimeout;
            var labels = reader.LabelMap("external_labels");
            reader.RejectUnknownKeys();
            return new GlobalConfig
            {
                ScrapeTimeout = timeout,
                ExternalLabels = Labels.From(labels.Select(p => new Label(p.Key, p.Value))),
            };
        }

        private StorageConfig BindStorage(YamlMappingReader? reader)
        {
            var defaults = new StorageConfig();
            if (reader is null)
            {
                return new StorageConfig { DataDir = ResolvePath(defaults.DataDir) };
            }

            var mode = StorageMode.Local;
            var modeText = reader.String("mode");
            switch (modeText)
            {
                case null or "local":
                    break;
                case "remote":
                    mode = StorageMode.Remote;
                    break;
                default:
                    Errors.Add(reader.FieldPath("mode"), reader.Get("mode")!, $"invalid storage mode \"{modeText}\"; use local or remote");
                    break;
            }

            long sizeBytes = 0;
            var sizeText = reader.String("retention_size");
            if (sizeText is not null && !TryParseSize(sizeText, out sizeBytes))
            {
                Errors.Add(reader.FieldPath("retention_size"), reader.Get("retention_size")!, $"invalid size \"{sizeText}\"; use a number with a unit such as 512MB or 20GB");
            }

            var config = new StorageConfig
            {
                Mode = mode,
                DataDir = ResolvePath(reader.String("data_dir") ?? defaults.DataDir),
                RetentionTime = reader.Duration("retention_time", TimeSpan.FromHours(2)) ?? defaults.RetentionTime,
                RetentionSizeBytes = sizeBytes,
                RemoteWriteUrl = reader.Url("remote_write_url"),
                RemoteReadUrl = reader.Url("remote_read_url"),
            };
            if (mode == StorageMode.Remote && (config.RemoteWriteUrl is null || config.RemoteReadUrl is null))
            {
                Errors.Add(reader.FieldPath("mode"), reader.Get("mode")!, "remote storage needs both remote_write_url and remote_read_url; add them or use mode: local");
            }

            reader.RejectUnknownKeys();
            return config;
        }

        private List<EndpointConfig> BindEndpoints(YamlMappingReader root)
        {
            var result = new List<EndpointConfig>();
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var items = root.Sequence("endpoints");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"endpoints[{i}]";
                if (items[i] is not YamlMappingNode mapping)
                {
                    Errors.Add(path, items[i], "expected an endpoint mapping with at least a name");
                    continue;
                }

                var reader = new YamlMappingReader(mapping, path, Errors);
                var endpoint = BindEndpoint(reader);
                if (endpoint.Name.Length > 0 && !names.TryAdd(endpoint.Name, i))
                {
                    Errors.Add(reader.FieldPath("name"), reader.Get("name")!, $"endpoint name \"{endpoint.Name}\" is already used by endpoints[{names[endpoint.Name]}]; names must be unique");
                }

                result.Add(endpoint);
            }

            return result;
        }

        private EndpointConfig BindEndpoint(YamlMappingReader reader)
        {
            var name = reader.RequiredString("name", "chat-llama-8b");
            var engine = reader.String("engine");
            if (engine is not null && !TryParseEngine(engine, out _))
            {
                Errors.Add(
                    reader.FieldPath("engine"),
                    reader.Get("engine")!,
                    $"unknown engine \"{engine}\"; use one of {EngineKindNames.LabelValueList}, or leave it out to detect the engine from the first scrape");
            }

            var frequency = reader.Int("metrics_publish_frequency_seconds", EndpointConfig.MinPublishFrequencySeconds, EndpointConfig.MaxPublishFrequencySeconds) ?? 60;
            var timeout = reader.Duration("scrape_timeout", TimeSpan.FromMilliseconds(1));
            if (timeout is { } t && t > TimeSpan.FromSeconds(frequency))
            {
                Errors.Add(reader.FieldPath("scrape_timeout"), reader.Get("scrape_timeout")!, $"scrape_timeout {PrometheusDuration.Format(t)} is longer than metrics_publish_frequency_seconds ({frequency}s); shorten it or raise the frequency");
            }

            var metricsPath = reader.String("metrics_path") ?? "/metrics";
            CheckPath(reader, "metrics_path", metricsPath);
            var scheme = reader.String("scheme") ?? "http";
            if (scheme is not ("http" or "https"))
            {
                Errors.Add(reader.FieldPath("scheme"), reader.Get("scheme")!, $"invalid scheme \"{scheme}\"; use http or https");
            }

            long bodyLimit = 0;
            var bodyLimitText = reader.String("body_size_limit");
            if (bodyLimitText is not null && !TryParseSize(bodyLimitText, out bodyLimit))
            {
                Errors.Add(reader.FieldPath("body_size_limit"), reader.Get("body_size_limit")!, $"invalid size \"{bodyLimitText}\"; use a number with a unit such as 10MB");
            }

            var endpoint = new EndpointConfig
            {
                Name = name,
                Region = reader.String("region"),
                Engine = engine,
                Model = reader.String("model"),
                InstanceType = reader.String("instance_type"),
                GpuType = reader.String("gpu_type"),
                MetricsPublishFrequencySeconds = frequency,
                EnableDetailedObservability = reader.Bool("enable_detailed_observability") ?? true,
                ScrapeTimeout = timeout,
                MetricsPath = metricsPath,
                Scheme = scheme,
                HonorLabels = reader.Bool("honor_labels") ?? false,
                HonorTimestamps = reader.Bool("honor_timestamps") ?? true,
                SampleLimit = reader.Int("sample_limit", 0, int.MaxValue) ?? 0,
                BodySizeLimitBytes = bodyLimit,
                Instances = BindInstances(reader),
                FileSd = BindFileSd(reader),
                Benchmark = BindBenchmark(reader.Mapping("benchmark")),
                Slo = BindSlo(reader.Mapping("slo")),
                PricePerInstanceHour = reader.Double("price_per_instance_hour", 0, 1e6),
            };
            reader.RejectUnknownKeys();
            return endpoint;
        }

        private List<InstanceConfig> BindInstances(YamlMappingReader endpoint)
        {
            var result = new List<InstanceConfig>();
            var targets = new HashSet<string>(StringComparer.Ordinal);
            var items = endpoint.Sequence("instances");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"{endpoint.FieldPath("instances")}[{i}]";
                if (items[i] is YamlScalarNode { Value: { } shortTarget })
                {
                    // A bare "host:port" entry is short for {target: host:port}.
                    CheckTarget(path, items[i], shortTarget);
                    result.Add(new InstanceConfig { Target = shortTarget });
                    continue;
                }

                if (items[i] is not YamlMappingNode mapping)
                {
                    Errors.Add(path, items[i], "expected \"host:port\" or a mapping with a target field");
                    continue;
                }

                var reader = new YamlMappingReader(mapping, path, Errors);
                var target = reader.RequiredString("target", "10.0.1.15:8000");
                if (target.Length > 0)
                {
                    CheckTarget(reader.FieldPath("target"), reader.Get("target")!, target);
                    if (!targets.Add(target))
                    {
                        Errors.Add(reader.FieldPath("target"), reader.Get("target")!, $"target \"{target}\" is listed twice in this endpoint; remove one");
                    }
                }

                result.Add(new InstanceConfig
                {
                    Target = target,
                    Az = reader.String("az"),
                    Labels = reader.LabelMap("labels"),
                });
                reader.RejectUnknownKeys();
            }

            return result;
        }

        private List<FileSdConfig> BindFileSd(YamlMappingReader endpoint)
        {
            var result = new List<FileSdConfig>();
            var items = endpoint.Sequence("file_sd");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"{endpoint.FieldPath("file_sd")}[{i}]";
                if (items[i] is not YamlMappingNode mapping)
                {
                    Errors.Add(path, items[i], "expected a mapping with a files list");
                    continue;
                }

                var reader = new YamlMappingReader(mapping, path, Errors);
                var files = reader.StringList("files");
                if (files.Count == 0)
                {
                    Errors.Add(reader.FieldPath("files"), mapping, "list at least one file, for example files: [targets/*.json]");
                }

                foreach (var file in files)
                {
                    var extension = System.IO.Path.GetExtension(file);
                    if (extension is not (".json" or ".yml" or ".yaml"))
                    {
                        Errors.Add(reader.FieldPath("files"), reader.Get("files")!, $"file \"{file}\" must end in .json, .yml or .yaml");
                    }
                }

                result.Add(new FileSdConfig
                {
                    Files = files.Select(ResolvePath).ToList(),
                    RefreshInterval = reader.Duration("refresh_interval", TimeSpan.FromSeconds(1)) ?? TimeSpan.FromMinutes(5),
                });
                reader.RejectUnknownKeys();
            }

            return result;
        }

        private static BenchmarkConfig? BindBenchmark(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return null;
            }

            var config = new BenchmarkConfig
            {
                InputTokensPerSecond = reader.Double("input_tokens_per_second", 0, 1e9),
                OutputTokensPerSecond = reader.Double("output_tokens_per_second", 0, 1e9),
                TtftP99Seconds = reader.Double("ttft_p99_seconds", 0, 3600),
                ItlP99Seconds = reader.Double("itl_p99_seconds", 0, 3600),
                Concurrency = reader.Int("concurrency", 1, 1_000_000),
                MeanPromptTokens = reader.Double("mean_prompt_tokens", 0, 1e9),
                MeanOutputTokens = reader.Double("mean_output_tokens", 0, 1e9),
            };
            reader.RejectUnknownKeys();
            return config;
        }

        private static SloConfig? BindSlo(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return null;
            }

            var config = new SloConfig
            {
                TtftSeconds = reader.Double("ttft_seconds", 0, 3600),
                ItlSeconds = reader.Double("itl_seconds", 0, 3600),
                E2eSeconds = reader.Double("e2e_seconds", 0, 3600),
                Target = reader.Double("target", 0, 1),
            };
            reader.RejectUnknownKeys();
            return config;
        }

        private AlertingConfig BindAlerting(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return new AlertingConfig();
            }

            var urls = new List<Uri>();
            var items = reader.Sequence("alertmanager_urls");
            for (var i = 0; i < items.Count; i++)
            {
                var text = (items[i] as YamlScalarNode)?.Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    urls.Add(uri);
                }
                else
                {
                    Errors.Add($"{reader.FieldPath("alertmanager_urls")}[{i}]", items[i], $"invalid URL \"{text}\"; use an absolute http:// or https:// URL such as http://127.0.0.1:9093");
                }
            }

            var config = new AlertingConfig { AlertmanagerUrls = urls, WebhookUrl = reader.Url("webhook_url") };
            reader.RejectUnknownKeys();
            return config;
        }

        private AuthConfig BindAuth(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return new AuthConfig();
            }

            var config = new AuthConfig
            {
                Write = BindApiAuth(reader.Mapping("write")),
                Admin = BindApiAuth(reader.Mapping("admin")),
                Query = BindApiAuth(reader.Mapping("query")),
            };
            reader.RejectUnknownKeys();
            return config;
        }

        private ApiAuthConfig? BindApiAuth(YamlMappingReader? reader)
        {
            if (reader is null)
            {
                return null;
            }

            var token = Secret(reader, "bearer_token");
            string? username = null;
            string? password = null;
            var basic = reader.Mapping("basic_auth");
            if (basic is not null)
            {
                username = basic.RequiredString("username", "grafana");
                password = Secret(basic, "password");
                if (string.IsNullOrEmpty(password))
                {
                    Errors.Add(basic.FieldPath("password"), basic.Node, "missing password; set basic_auth.password");
                }

                basic.RejectUnknownKeys();
            }

            if (string.IsNullOrEmpty(token) && basic is null)
            {
                Errors.Add(reader.Path, reader.Node, "set bearer_token, basic_auth or both, or remove this block to leave the API open");
            }

            reader.RejectUnknownKeys();
            return new ApiAuthConfig { BearerToken = token, BasicUsername = username, BasicPassword = password };
        }

        private WebConfig BindWeb(YamlMappingReader? reader)
        {
            var defaults = new WebConfig();
            if (reader is null)
            {
                return defaults;
            }

            var listen = reader.String("listen_address") ?? defaults.ListenAddress;
            if (!ListenAddress.TryParse(listen, out _, out var listenError))
            {
                Errors.Add(reader.FieldPath("listen_address"), reader.Get("listen_address")!, listenError);
            }

            var maxBody = defaults.MaxRequestBodyBytes;
            var maxBodyText = reader.String("max_request_body_size");
            if (maxBodyText is not null && (!TryParseSize(maxBodyText, out maxBody) || maxBody <= 0))
            {
                Errors.Add(reader.FieldPath("max_request_body_size"), reader.Get("max_request_body_size")!, $"invalid size \"{maxBodyText}\"; use a positive size such as 32MB");
                maxBody = defaults.MaxRequestBodyBytes;
            }

            var externalUrl = reader.Url("external_url");
            var grpcListen = reader.String("otlp_grpc_listen_address");
            if (grpcListen is not null && !ListenAddress.TryParse(grpcListen, out _, out var grpcListenError))
            {
                Errors.Add(reader.FieldPath("otlp_grpc_listen_address"), reader.Get("otlp_grpc_listen_address")!, grpcListenError);
            }

            string? certFile = null;
            string? keyFile = null;
            var tls = reader.Mapping("tls");
            if (tls is not null)
            {
                certFile = tls.RequiredString("cert_file", "certs/server.crt");
                keyFile = tls.RequiredString("key_file", "certs/server.key");
                tls.RejectUnknownKeys();
            }

            reader.RejectUnknownKeys();
            return new WebConfig
            {
                ListenAddress = listen,
                OtlpGrpcListenAddress = string.IsNullOrEmpty(grpcListen) ? null : grpcListen,
                ExternalUrl = externalUrl,
                MaxRequestBodyBytes = maxBody,
                TlsCertFile = string.IsNullOrEmpty(certFile) ? null : ResolvePath(certFile),
                TlsKeyFile = string.IsNullOrEmpty(keyFile) ? null : ResolvePath(keyFile),
            };
        }

        private QueryConfig BindQuery(YamlMappingReader? reader)
        {
            var defaults = new QueryConfig();
            if (reader is null)
            {
                return defaults;
            }

            var minimum = TimeSpan.FromMilliseconds(1);
            var config = new QueryConfig
            {
                LookbackDelta = reader.Duration("lookback_delta", minimum) ?? defaults.LookbackDelta,
                Timeout = reader.Duration("timeout", minimum) ?? defaults.Timeout,
                MaxSamples = reader.Long("max_samples", 1, long.MaxValue) ?? defaults.MaxSamples,
                MaxConcurrency = reader.Int("max_concurrency", 1, int.MaxValue) ?? defaults.MaxConcurrency,
                ReadParallelism = reader.Int("read_parallelism", 1, int.MaxValue) ?? defaults.ReadParallelism,
            };

            // The engine arms a .NET timer with the timeout, and such a timer takes at most 2^32 - 2 ms.
            if (config.Timeout > QueryConfig.MaxTimeout)
            {
                Errors.Add(reader.FieldPath("timeout"), reader.Get("timeout")!, $"duration {reader.String("timeout")} is too long; use at most {PrometheusDuration.Format(QueryConfig.MaxTimeout)}");
                config = config with { Timeout = defaults.Timeout };
            }

            reader.RejectUnknownKeys();
            return config;
        }

        private string? Secret(YamlMappingReader reader, string key)
        {
            var node = reader.Get(key);
            if (node is not null)
            {
                secretSpans.Add(((int)node.Start.Index, (int)node.End.Index));
            }

            return reader.String(key);
        }

        private void CheckTarget(string path, YamlNode at, string target)
        {
            var colon = target.LastIndexOf(':');
            var hasPort = colon > 0 && int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536;
            if (!hasPort || target.Contains('/', StringComparison.Ordinal))
            {
                Errors.Add(path, at, $"invalid target \"{target}\"; use host:port such as 10.0.1.15:8000 (the path goes in metrics_path)");
            }
        }

        private void CheckPath(YamlMappingReader reader, string key, string value)
        {
            if (!value.StartsWith('/'))
            {
                Errors.Add(reader.FieldPath(key), reader.Get(key)!, $"invalid path \"{value}\"; it must start with /, for example /metrics");
            }
        }

        private string ResolvePath(string path)
        {
            if (sourcePath is null || System.IO.Path.IsPathRooted(path))
            {
                return path;
            }

            var folder = System.IO.Path.GetDirectoryName(sourcePath) ?? ".";
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path));
        }

        private string Redact(string yaml)
        {
            if (secretSpans.Count == 0)
            {
                return yaml;
            }

            var builder = new System.Text.StringBuilder(yaml.Length);
            var position = 0;
            foreach (var (start, end) in secretSpans.OrderBy(s => s.Start))
            {
                builder.Append(yaml, position, start - position).Append("<secret>");
                position = end;
            }

            builder.Append(yaml, position, yaml.Length - position);
            return builder.ToString();
        }
    }
}
