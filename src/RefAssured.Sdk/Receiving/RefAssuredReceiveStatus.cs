namespace RefAssured.Sdk.Hosting;

/// <summary>Why a webhook request got the answer it got; each has its own HTTP status code.</summary>
public enum RefAssuredReceiveStatus
{
    /// <summary>200: the delivery is stored and will be handled.</summary>
    Accepted = 1,

    /// <summary>404: the route does not name a RefAssured event.</summary>
    UnknownEvent = 2,

    /// <summary>401: the <c>x-refassured-key</c> header is missing or empty.</summary>
    MissingKey = 3,

    /// <summary>401: the <c>x-refassured-key</c> header matches no configured key.</summary>
    KeyMismatch = 4,

    /// <summary>401: no verification key is configured for this request, so it is refused.</summary>
    NoKeyConfigured = 5,

    /// <summary>415: the content type is clearly not JSON (a form, XML, HTML, …) or its charset is not UTF-8.</summary>
    UnsupportedMediaType = 6,

    /// <summary>413: the body is larger than the configured limit (declared or actual).</summary>
    PayloadTooLarge = 7,

    /// <summary>400: the body could not be read to its end (the client stopped sending, or sent less than it declared).</summary>
    BodyUnreadable = 8,

    /// <summary>400: the body is not a usable event: not JSON, not an object, a field of the wrong type, or a report without content.</summary>
    InvalidPayload = 9,

    /// <summary>503: the inbox could not store the delivery, the keys for the request could not be resolved, or the memory budget for bodies (<see cref="RefAssuredReceiverOptions.MaxBufferedBytes"/>) is used up.</summary>
    StoreUnavailable = 10,

    /// <summary>405: the request's method is not POST; the answer carries <c>Allow: POST</c>.</summary>
    MethodNotAllowed = 11,

    /// <summary>403: the request came over plain HTTP where HTTPS is required.</summary>
    HttpsRequired = 12,
}
