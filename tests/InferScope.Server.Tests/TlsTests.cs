using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using InferScope.Server.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace InferScope.Server.Tests;

/// <summary>
/// serve responds over HTTPS with the certificate of <c>web.tls</c> to a client that trusts it, and
/// the main port takes OTLP over gRPC through HTTP/2 negotiated by ALPN.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Https_QueryWithTrustedCertificate()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-tls-").FullName;
        using var certificate = CreateSelfSigned();
        await WritePemAsync(folder, certificate);

        using var trusting = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => IsIssuedBy(cert, certificate) } };
        await using var serve = await ServeInstance.StartAsync(
            """
            web:
              tls:
                cert_file: server.crt
                key_file: server.key
            """,
            trusting,
            folder);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/query?query=6*7") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await serve.Client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Uri.UriSchemeHttps, serve.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // HTTP/2 negotiated by ALPN is what gRPC clients need on the TLS port.
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("42", document.RootElement.GetProperty("data").GetProperty("result")[1].GetString());

        using var untrusting = new HttpClient { BaseAddress = serve.BaseAddress };
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/-/healthy"));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Https_OtlpGrpcOnMainPort()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-tls-").FullName;
        using var certificate = CreateSelfSigned();
        await WritePemAsync(folder, certificate);

        await using var serve = await ServeInstance.StartAsync(
            """
            web:
              tls:
                cert_file: server.crt
                key_file: server.key
            """,
            new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => IsIssuedBy(cert, certificate) } },
            folder);
        var meterName = "inferscope.tls.test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var requests = meter.CreateCounter<long>("llm.requests", "{request}");

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("svc-tls"))
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.Grpc;
                exporter.Endpoint = serve.BaseAddress;
                exporter.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
                {
                    SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => IsIssuedBy(cert, certificate) },
                });
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            requests.Add(9);
            Assert.True(provider.ForceFlush(10_000), "export over gRPC with TLS failed");
        }

        var counter = Assert.Single((await serve.QueryAsync("llm_requests_total{job=\"svc-tls\"}")).EnumerateArray());
        Assert.Equal(9, ServeInstance.ValueOf(counter));
    }

    [Fact]
    public async Task Https_MissingKeyFileRejected()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-tls-").FullName;
        using var certificate = CreateSelfSigned();
        await File.WriteAllTextAsync(Path.Combine(folder, "server.crt"), certificate.ExportCertificatePem());

        var error = await Assert.ThrowsAsync<Configuration.ConfigException>(() => ServeInstance.StartAsync(
            """
            web:
              tls:
                cert_file: server.crt
                key_file: missing.key
            """,
            folder: folder));

        Assert.Contains("web.tls", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.key", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=inferscope-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    /// <summary>Writes the certificate and its private key as server.crt and server.key in PEM.</summary>
    private static async Task WritePemAsync(string folder, X509Certificate2 certificate)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "server.crt"), certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        await File.WriteAllTextAsync(Path.Combine(folder, "server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Validates the server's certificate against a trust store that holds only the test certificate.</summary>
    private static bool IsIssuedBy(X509Certificate? presented, X509Certificate2 trusted)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }
}
