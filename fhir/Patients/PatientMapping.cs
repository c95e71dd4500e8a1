using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Patients;

/// <summary>A client as a Patient (UK Core Patient's elements; docs/fhir.md), and a new Patient as a new client.</summary>
internal static class PatientMapping
{
    public static Patient ToFhir(C.Client client)
    {
        var patient = new Patient
        {
            Id = client.ClientId,
            Active = true,
            BirthDate = client.DateOfBirth,
            Name = { new HumanName { Use = HumanName.NameUse.Official, Family = client.FamilyName, Given = [client.GivenName] } },
        };
        if (client.NhsNumber.Length > 0)
        {
            patient.Identifier.Add(new Identifier(FhirSystems.NhsNumber, client.NhsNumber));
        }

        if (client.Locality.Length > 0)
        {
            patient.Address.Add(new Address { District = client.Locality });
        }

        return patient;
    }

    /// <summary>Field paths of CreateReferralRequest.client, as elements of the Patient they came from.</summary>
    public static readonly (string Field, string Expression)[] NewClientFields =
    [
        ("client.given_name", "Patient.name.given"),
        ("client.family_name", "Patient.name.family"),
        ("client.date_of_birth", "Patient.birthDate"),
        ("client.nhs_number", "Patient.identifier"),
        ("client.locality", "Patient.address.district"),
        ("client", "Patient"),
    ];

    /// <summary>A Patient sent with a referral, as a new client; null and the refusal when it lacks what a client needs.</summary>
    public static (C.NewClient? Client, IResult? Refusal) ToNewClient(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use is null or HumanName.NameUse.Official or HumanName.NameUse.Usual);
        if (name?.Family is not { Length: > 0 } family || name.Given.FirstOrDefault() is not { Length: > 0 } given)
        {
            return (null, FhirErrors.Required("Patient.name", "The patient's family and given name are required."));
        }

        if (patient.BirthDate is not { Length: 10 } birthDate)
        {
            return (null, FhirErrors.Required("Patient.birthDate", "The patient's full date of birth (YYYY-MM-DD) is required."));
        }

        var nhsNumbers = patient.Identifier.Where(i => i.System == FhirSystems.NhsNumber).ToList();
        if (nhsNumbers.Count > 1)
        {
            return (null, FhirErrors.BadValue("Patient.identifier", "A patient has one NHS number."));
        }

        return (new C.NewClient
        {
            GivenName = given,
            FamilyName = family,
            DateOfBirth = birthDate,
            NhsNumber = nhsNumbers.FirstOrDefault()?.Value ?? "",
            Locality = patient.Address.FirstOrDefault()?.District ?? "",
        }, null);
    }
}
