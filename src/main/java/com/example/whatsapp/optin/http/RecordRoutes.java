package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.records.ConsentRecordWriter;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

/** Consent records written over HTTP, validated first, and a contact's history of changes. */
final class RecordRoutes {

    static final String RECORDS = "/v1/businesses/{businessId}/consent-records";
    static final String HISTORY = ContactRoutes.CONTACT + "/history";

    private final ConsentRecordWriter writer;

    /** @param writer null when this API writes no records (they answer 503) */
    RecordRoutes(ConsentRecordWriter writer) {
        this.writer = writer;
    }

    void post(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        if (writer == null) {
            throw new ServiceUnavailableResponse("consent records cannot be written through this instance");
        }
        ConsentRecordWriter.Outcome outcome = writer.write(businessId, ctx.body());
        if (outcome instanceof ConsentRecordWriter.Written written) {
            ctx.status(202).json(Responses.RecordsWritten.of(businessId, written));
        } else if (outcome instanceof ConsentRecordWriter.Invalid invalid) {
            ctx.status(400).json(Responses.InvalidRecords.of(invalid));
        } else if (outcome instanceof ConsentRecordWriter.Failed failed) {
            throw new ServiceUnavailableResponse(failed.reason());
        }
    }

    static void history(ContactRoutes contacts, Context ctx) {
        contacts.answer(ctx, Responses.History::of);
    }
}
