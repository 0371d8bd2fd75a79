using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>Checks the ranges and required values declared on the options; the code is generated.</summary>
[OptionsValidator]
internal sealed partial class RefAssuredWebhookOptionsValidator : IValidateOptions<RefAssuredWebhookOptions>;
