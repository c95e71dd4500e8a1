using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Grpc;

namespace PeerPlatform.UnitTests.ServiceDefaults;

public sealed class ProtobufRequestCheckTests
{
    private const string GetReferral = "/peer.referral.v1.ReferralService/GetReferral";

    [Fact]
    public async Task A_valid_message_arriving_in_pieces_reaches_the_handler_whole_and_unconsumed()
    {
        var frame = Frame(new GetReferralRequest { ReferralId = "01a21d84-1c83-7766-99fe-c1c33167a076" }.ToByteArray());
        var context = GrpcRequest(GetReferral, new TrickleStream(frame, bytesPerRead: 3));
        byte[]? seenByHandler = null;

        await new ProtobufRequestCheck(async http => seenByHandler = await ReadAllAsync(http.Request.BodyReader)).InvokeAsync(context);

        Assert.Equal(frame, seenByHandler);
        Assert.False(context.Response.Headers.ContainsKey("grpc-status"));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x64, 0x61 }, "not a valid peer.referral.v1.GetReferralRequest message")]
    [InlineData(new byte[] { 0x08, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x01 }, "malformed varint")]
    public async Task An_invalid_message_is_refused_as_invalid_argument_before_the_handler(byte[] message, string reason)
    {
        var context = GrpcRequest(GetReferral, new TrickleStream(Frame(message), bytesPerRead: 2));
        var handled = false;

        await new ProtobufRequestCheck(_ => { handled = true; return Task.CompletedTask; }).InvokeAsync(context);

        Assert.False(handled);
        Assert.Equal("3", context.Response.Headers["grpc-status"].ToString());
        Assert.Contains(reason, Uri.UnescapeDataString(context.Response.Headers["grpc-message"].ToString()));
    }

    [Fact]
    public async Task A_frame_whose_length_does_not_match_its_message_is_refused()
    {
        var frame = Frame(new GetReferralRequest { ReferralId = "x" }.ToByteArray());
        var context = GrpcRequest(GetReferral, new MemoryStream(frame[..^1]));

        await new ProtobufRequestCheck(_ => throw new InvalidOperationException("not reached")).InvokeAsync(context);

        Assert.Contains("does not match its frame", Uri.UnescapeDataString(context.Response.Headers["grpc-message"].ToString()));
    }

    [Fact]
    public async Task A_request_that_is_not_native_grpc_is_passed_on_unread()
    {
        var body = new MemoryStream("{\"referralId\":\"x\"}"u8.ToArray());
        var context = GrpcRequest("/api/referrals/x", body);
        context.Request.ContentType = "application/json";
        long? positionSeenByHandler = null;

        await new ProtobufRequestCheck(http => { positionSeenByHandler = body.Position; return Task.CompletedTask; }).InvokeAsync(context);

        Assert.Equal(0, positionSeenByHandler);
    }

    private static DefaultHttpContext GrpcRequest(string path, Stream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Request.ContentType = "application/grpc";
        context.Request.Body = body;
        return context;
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var read = await reader.ReadAsync();
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>A request body that arrives a few bytes at a time, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int bytesPerRead) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(bytesPerRead, buffer.Length)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(bytesPerRead, count));
    }
}
