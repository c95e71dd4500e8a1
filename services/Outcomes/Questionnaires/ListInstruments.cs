using PeerPlatform.Outcomes.Domain;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Questionnaires;

/// <summary>The instruments a response may be scored against: structure and scoring, never item wording.</summary>
internal sealed class ListInstrumentsHandler
{
    public Task<C.ListInstrumentsResponse> HandleAsync(C.ListInstrumentsRequest request, CancellationToken cancellationToken)
    {
        var response = new C.ListInstrumentsResponse();
        response.Instruments.AddRange(Instruments.ById.Values.OrderBy(i => i.Id).Select(i =>
        {
            var contract = new C.Instrument
            {
                InstrumentId = i.Id,
                Version = i.Version,
                Name = i.Name,
                RespondentType = (C.RespondentType)i.RespondentType,
                Items = i.Items,
                ScaleMin = i.ScaleMin,
                ScaleMax = i.ScaleMax,
                ScoringRule = (C.ScoringRule)i.Scoring,
                LicenceNote = i.LicenceNote,
            };
            contract.ReversedItems.AddRange(i.ReversedItems.Order());
            contract.AboutOptions.AddRange(i.AboutOptions);
            foreach (var (raw, converted) in i.ConversionTable ?? new Dictionary<int, decimal>())
            {
                contract.ConversionTable[raw] = (double)converted;
            }

            return contract;
        }));
        return Task.FromResult(response);
    }
}
