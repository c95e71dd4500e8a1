using Google.Protobuf;

namespace PeerPlatform.EndToEndTests;

/// <summary>A span as exported over OTLP, with the service that exported it.</summary>
public sealed record ExportedSpan(
    string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, int StatusCode,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>One data point of an exported metric: a sum or gauge value, or a histogram's count and sum.</summary>
public sealed record ExportedMetricPoint(
    string Service, string Metric, string Type, double Value, long Count, IReadOnlyDictionary<string, string> Attributes, long TimeUnixNano);

/// <summary>A log record as exported over OTLP; <paramref name="Category"/> is the logger's category (the instrumentation scope).</summary>
public sealed record ExportedLogRecord(
    string Service, int SeverityNumber, string Body, string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes, string Category);

/// <summary>
/// Reads the OTLP/HTTP protobuf bodies (ExportTraceServiceRequest, ExportMetricsServiceRequest,
/// ExportLogsServiceRequest) by field number, following opentelemetry-proto v1. Only the fields
/// the tests look at are read; everything else is skipped.
/// </summary>
public static class OtlpModel
{
    public static IEnumerable<ExportedSpan> Spans(byte[] body)
    {
        foreach (var resourceSpans in Messages(body, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                foreach (var span in Messages(scopeSpans, 2))
                {
                    var fields = Fields(span);
                    var status = fields.Where(f => f.Number == 15).Select(f => Fields(f.Bytes)).FirstOrDefault();
                    yield return new ExportedSpan(
                        service,
                        Hex(fields, 1),
                        Hex(fields, 2),
                        Hex(fields, 4),
                        Text(fields, 5),
                        (int)Number(fields, 6),
                        status is null ? 0 : (int)Number(status, 3),
                        Attributes(fields, 9));
                }
            }
        }
    }

    public static IEnumerable<ExportedMetricPoint> MetricPoints(byte[] body)
    {
        foreach (var resourceMetrics in Messages(body, 1))
        {
            var service = ServiceName(resourceMetrics);
            foreach (var scopeMetrics in Messages(resourceMetrics, 2))
            {
                foreach (var metric in Messages(scopeMetrics, 2))
                {
                    var fields = Fields(metric);
                    var name = Text(fields, 1);
                    foreach (var (number, type) in new[] { (5, "gauge"), (7, "sum"), (9, "histogram") })
                    {
                        foreach (var data in fields.Where(f => f.Number == number))
                        {
                            foreach (var point in Messages(data.Bytes, 1))
                            {
                                var p = Fields(point);
                                yield return type == "histogram"
                                    ? new ExportedMetricPoint(service, name, type, Double(p, 5), (long)Number(p, 4), Attributes(p, 9), (long)Number(p, 3))
                                    : new ExportedMetricPoint(service, name, type,
                                        p.Any(f => f.Number == 4) ? Double(p, 4) : (long)Number(p, 6), 0, Attributes(p, 7), (long)Number(p, 3));
                            }
                        }
                    }
                }
            }
        }
    }

    public static IEnumerable<ExportedLogRecord> LogRecords(byte[] body)
    {
        foreach (var resourceLogs in Messages(body, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var scopeLogs in Messages(resourceLogs, 2))
            {
                var scope = Messages(scopeLogs, 1).FirstOrDefault();
                var category = scope is null ? string.Empty : Text(Fields(scope), 1);
                foreach (var record in Messages(scopeLogs, 2))
                {
                    var fields = Fields(record);
                    var bodyValue = fields.Where(f => f.Number == 5).Select(f => AnyValue(f.Bytes)).FirstOrDefault() ?? string.Empty;
                    yield return new ExportedLogRecord(service, (int)Number(fields, 2), bodyValue, Hex(fields, 9), Hex(fields, 10), Attributes(fields, 6), category);
                }
            }
        }
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes, ulong Fixed64);

    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, input.ReadUInt64(), [], 0));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, 0, [], input.ReadFixed64()));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, 0, input.ReadBytes().ToByteArray(), 0));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add(new Field(number, input.ReadFixed32(), [], 0));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int number) =>
        Fields(message).Where(f => f.Number == number).Select(f => f.Bytes);

    private static string Text(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault() ?? string.Empty;

    private static string Hex(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => Convert.ToHexStringLower(f.Bytes)).FirstOrDefault() ?? string.Empty;

    /// <summary>A varint or fixed64 field (OTLP times and counts are fixed64).</summary>
    private static ulong Number(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => f.Varint != 0 ? f.Varint : f.Fixed64).FirstOrDefault();

    private static double Double(List<Field> fields, int number) =>
        fields.Where(f => f.Number == number).Select(f => BitConverter.Int64BitsToDouble((long)f.Fixed64)).FirstOrDefault();

    private static Dictionary<string, string> Attributes(List<Field> fields, int number)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in fields.Where(f => f.Number == number))
        {
            var pair = Fields(keyValue.Bytes);
            attributes[Text(pair, 1)] = pair.Where(f => f.Number == 2).Select(f => AnyValue(f.Bytes)).FirstOrDefault() ?? string.Empty;
        }

        return attributes;
    }

    /// <summary>An AnyValue as text: string, bool, int or double.</summary>
    private static string AnyValue(byte[] value)
    {
        var field = Fields(value).FirstOrDefault();
        return field.Number switch
        {
            1 => System.Text.Encoding.UTF8.GetString(field.Bytes),
            2 => (field.Varint != 0).ToString(),
            3 => ((long)field.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => BitConverter.Int64BitsToDouble((long)field.Fixed64).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Empty,
        };
    }

    private static string ServiceName(byte[] resourceContainer)
    {
        var resource = Messages(resourceContainer, 1).FirstOrDefault();
        return resource is null ? string.Empty : Attributes(Fields(resource), 1).GetValueOrDefault("service.name", string.Empty);
    }
}
