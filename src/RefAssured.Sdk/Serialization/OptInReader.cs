using System.Text.Json;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// Reads an opt-in event in one pass over the body, for the bodies RefAssured sends as its
/// documentation shows them: every field a known one in its documented spelling, none twice.
/// Values go through the same converters the serializer uses, so they are read alike. On
/// anything else (an unknown or differently cased field, a repeated one, a value those
/// converters refuse, bad JSON) it gives up and the serializer reads the body instead, which
/// keeps unknown fields, and names the JSON path of an error. The result is thus always the
/// serializer's own; this only skips the serializer's set-up for every object it creates.
/// </summary>
internal static class OptInReader
{
    private static readonly JsonSerializerOptions Options = RefAssuredJsonContext.Default.Options;
    private static readonly StringConverter Strings = new();
    private static readonly BooleanConverter Booleans = new();
    private static readonly IdConverter Ids = new();
    private static readonly ExternalIdsConverter ExternalIdsValues = new();

    /// <summary>Reads the event, or returns <see langword="null"/> to leave the body to the serializer.</summary>
    public static T? TryRead<T>(ReadOnlySpan<byte> utf8Json)
        where T : OptInEvent, new()
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = RefAssuredEventParser.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var fields = new Fields();
            if (!ReadRoot(ref reader, ref fields) || reader.Read())
            {
                return null;
            }

            return new T
            {
                IsCandidateLead = fields.IsCandidateLead,
                IsSalesLead = fields.IsSalesLead,
                ReferenceRequestId = fields.ReferenceRequestId,
                PersonId = fields.PersonId,
                CompanyName = fields.CompanyName,
                Email = fields.Email,
                FirstName = fields.FirstName,
                LastName = fields.LastName,
                Mobile = fields.Mobile,
                Title = fields.Title,
                CandidateTitle = fields.CandidateTitle,
                ExternalIdsMeta = fields.ExternalIdsMeta,
                IpGeolocation = fields.IpGeolocation,
                Candidate = fields.Candidate,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Reads the root object's fields, the reader on its start; false to give up.
    private static bool ReadRoot(ref Utf8JsonReader reader, ref Fields fields)
    {
        var seen = new Seen();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("isCandidateLead"u8))
            {
                if (!seen.First(0) || !ReadBoolean(ref reader, out fields.IsCandidateLead))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("isSalesLead"u8))
            {
                if (!seen.First(1) || !ReadBoolean(ref reader, out fields.IsSalesLead))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("referenceRequestId"u8))
            {
                if (!seen.First(2) || !ReadId(ref reader, out fields.ReferenceRequestId))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("personId"u8))
            {
                if (!seen.First(3) || !ReadId(ref reader, out fields.PersonId))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("companyName"u8))
            {
                if (!seen.First(4) || !ReadString(ref reader, out fields.CompanyName))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("personEmail"u8))
            {
                if (!seen.First(5) || !ReadString(ref reader, out fields.Email))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("personFirst"u8))
            {
                if (!seen.First(6) || !ReadString(ref reader, out fields.FirstName))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("personLast"u8))
            {
                if (!seen.First(7) || !ReadString(ref reader, out fields.LastName))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("personMobile"u8))
            {
                if (!seen.First(8) || !ReadString(ref reader, out fields.Mobile))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                if (!seen.First(9) || !ReadString(ref reader, out fields.Title))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("candidateTitle"u8))
            {
                if (!seen.First(10) || !ReadString(ref reader, out fields.CandidateTitle))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("externalIdsMeta"u8))
            {
                if (!seen.First(11) || !ReadExternalIds(ref reader, out fields.ExternalIdsMeta))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("ipGeolocation"u8))
            {
                if (!seen.First(12) || !ReadIpGeolocation(ref reader, out fields.IpGeolocation))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("candidate"u8))
            {
                if (!seen.First(13) || !ReadCandidate(ref reader, out fields.Candidate))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadCandidate(ref Utf8JsonReader reader, out Candidate? candidate)
    {
        candidate = null;
        if (!MoveToObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        var seen = new Seen();
        long? personId = null;
        string? firstName = null, lastName = null, email = null, mobile = null;
        ExternalIds? externalIds = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var read = reader.ValueTextEquals("personId"u8) ? seen.First(0) && ReadId(ref reader, out personId)
                : reader.ValueTextEquals("personFirst"u8) ? seen.First(1) && ReadString(ref reader, out firstName)
                : reader.ValueTextEquals("personLast"u8) ? seen.First(2) && ReadString(ref reader, out lastName)
                : reader.ValueTextEquals("personEmail"u8) ? seen.First(3) && ReadString(ref reader, out email)
                : reader.ValueTextEquals("personMobile"u8) ? seen.First(4) && ReadString(ref reader, out mobile)
                : reader.ValueTextEquals("externalIds"u8) && seen.First(5) && ReadExternalIds(ref reader, out externalIds);
            if (!read)
            {
                return false;
            }
        }

        candidate = new Candidate
        {
            PersonId = personId,
            FirstName = firstName,
            LastName = lastName,
            Email = email,
            Mobile = mobile,
            ExternalIds = externalIds,
        };
        return true;
    }

    private static bool ReadIpGeolocation(ref Utf8JsonReader reader, out IpGeolocation? location)
    {
        location = null;
        if (!MoveToObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }

        var seen = new Seen();
        string? country = null, region = null, city = null, ip = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var read = reader.ValueTextEquals("country"u8) ? seen.First(0) && ReadString(ref reader, out country)
                : reader.ValueTextEquals("region"u8) ? seen.First(1) && ReadString(ref reader, out region)
                : reader.ValueTextEquals("city"u8) ? seen.First(2) && ReadString(ref reader, out city)
                : reader.ValueTextEquals("ip"u8) && seen.First(3) && ReadString(ref reader, out ip);
            if (!read)
            {
                return false;
            }
        }

        location = new IpGeolocation { Country = country, Region = region, City = city, Ip = ip };
        return true;
    }

    // Moves to the field's value: true for an object or null (isNull), false for anything else.
    private static bool MoveToObject(ref Utf8JsonReader reader, out bool isNull)
    {
        reader.Read();
        isNull = reader.TokenType == JsonTokenType.Null;
        return isNull || reader.TokenType == JsonTokenType.StartObject;
    }

    // The value readers move to the field's value and read it as the serializer's converters do.
    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.Null ? null : Strings.Read(ref reader, typeof(string), Options);
        return true;
    }

    private static bool ReadBoolean(ref Utf8JsonReader reader, out bool? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.Null ? null : Booleans.Read(ref reader, typeof(bool), Options);
        return true;
    }

    private static bool ReadId(ref Utf8JsonReader reader, out long? value)
    {
        reader.Read();
        value = Ids.Read(ref reader, typeof(long?), Options);
        return true;
    }

    private static bool ReadExternalIds(ref Utf8JsonReader reader, out ExternalIds? value)
    {
        value = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        // As the serializer checks after any converter: it read exactly the value it started on.
        var start = reader.TokenType;
        var depth = reader.CurrentDepth;
        value = ExternalIdsValues.Read(ref reader, typeof(ExternalIds), Options);
        var end = start == JsonTokenType.StartObject ? JsonTokenType.EndObject : JsonTokenType.EndArray;
        return reader.TokenType == end && reader.CurrentDepth == depth;
    }

    private struct Fields
    {
        public bool? IsCandidateLead;
        public bool? IsSalesLead;
        public long? ReferenceRequestId;
        public long? PersonId;
        public string? CompanyName;
        public string? Email;
        public string? FirstName;
        public string? LastName;
        public string? Mobile;
        public string? Title;
        public string? CandidateTitle;
        public ExternalIds? ExternalIdsMeta;
        public IpGeolocation? IpGeolocation;
        public Candidate? Candidate;
    }

    // The fields of one object read so far, by index; a field seen twice is left to the serializer.
    private struct Seen
    {
        private int _bits;

        public bool First(int field)
        {
            var bit = 1 << field;
            if ((_bits & bit) != 0)
            {
                return false;
            }

            _bits |= bit;
            return true;
        }
    }
}
