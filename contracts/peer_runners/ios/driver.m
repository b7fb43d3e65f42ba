// Differential driver (ours) for clevertap-segment-ios on analytics-ios 4.1.8 semantics.
//
// One JSON line in per event: {"call": identify|track|screen|alias|group|page, "settings": typed, "anonymousId":
// text, and the call's arguments as typed values (userId, traits, event, properties, name, category, newId,
// groupId)}. Typed values keep NSNumber kinds exact: {"t":"s"|"i"|"d"|"b"|"n"|"a"|"o", "v": ...}.
// Each line gets a fresh integration (a fresh SEGState: no cached traits). What SEGAnalytics does before an
// integration sees the call is reproduced here (Release build: NSCAssert compiled out):
//   identify: traits copy + anonymousId (+ userId when not nil), merged over the (empty) cached traits, then
//             SEGCoerceDictionary (serializable deep copy); payload userId/anonymousId set;
//   track/screen/group: SEGCoerceDictionary of the properties/traits (nil -> empty dictionary).
// One JSON line out: {"calls": [...]} with type-tagged arguments, or {"crash": reason} when an exception escapes
// (on a device the app would crash).
#import "SEGIntegration.h"
#import "CleverTapSDK/CleverTap.h"
#import "TypedValues.h"

@interface SEGCleverTapIntegration : NSObject <SEGIntegration>
- (instancetype)initWithSettings:(NSDictionary *)settings;
@end

@implementation SEGPayload
@end
@implementation SEGIdentifyPayload
@end
@implementation SEGTrackPayload
@end
@implementation SEGScreenPayload
@end
@implementation SEGAliasPayload
@end
@implementation SEGGroupPayload
@end

// SEGCoerceDictionary: nil -> @{}, then a deep copy (every value here comes from JSON, so all are serializable).
static id deepCopy(id value)
{
    if ([value isKindOfClass:[NSDictionary class]]) {
        NSMutableDictionary *out = [NSMutableDictionary dictionary];
        for (id key in [value allKeys]) [out setValue:deepCopy([value objectForKey:key]) forKey:key];
        return [out copy];
    }
    if ([value isKindOfClass:[NSArray class]]) {
        NSMutableArray *out = [NSMutableArray array];
        for (id item in value) [out addObject:deepCopy(item)];
        return [out copy];
    }
    return [value copy];
}

static NSDictionary *coerceDictionary(NSDictionary *dict)
{
    return deepCopy(dict ?: @{});
}

static void dispatchCall(SEGCleverTapIntegration *integration, NSDictionary *line)
{
    NSString *call = line[@"call"];
    id anonId = line[@"anonymousId"];
    if ([call isEqualToString:@"identify"]) {
        id userId = decodeTyped(line[@"userId"]);
        NSDictionary *traits = decodeTyped(line[@"traits"]);
        NSMutableDictionary *existing = [NSMutableDictionary dictionary];  // fresh state: no cached traits
        NSMutableDictionary *copy = traits ? [traits mutableCopy] : [NSMutableDictionary dictionary];
        copy[@"anonymousId"] = anonId;
        if (userId != nil) copy[@"userId"] = userId;
        [existing addEntriesFromDictionary:copy];
        SEGIdentifyPayload *p = [SEGIdentifyPayload new];
        p.userId = userId;
        p.anonymousId = anonId;
        p.traits = coerceDictionary(existing);
        [integration identify:p];
    } else if ([call isEqualToString:@"track"]) {
        SEGTrackPayload *p = [SEGTrackPayload new];
        p.event = decodeTyped(line[@"event"]);
        p.properties = coerceDictionary(decodeTyped(line[@"properties"]));
        [integration track:p];
    } else if ([call isEqualToString:@"screen"]) {
        SEGScreenPayload *p = [SEGScreenPayload new];
        p.name = decodeTyped(line[@"name"]);
        p.category = decodeTyped(line[@"category"]);
        p.properties = coerceDictionary(decodeTyped(line[@"properties"]));
        [integration screen:p];
    } else if ([call isEqualToString:@"alias"]) {
        SEGAliasPayload *p = [SEGAliasPayload new];
        p.theNewId = decodeTyped(line[@"newId"]);
        [integration alias:p];
    } else if ([call isEqualToString:@"group"]) {
        SEGGroupPayload *p = [SEGGroupPayload new];
        p.groupId = decodeTyped(line[@"groupId"]);
        p.traits = coerceDictionary(decodeTyped(line[@"traits"]));
        if ([integration respondsToSelector:@selector(group:)]) [integration group:p];
    }
    // page: analytics-ios 4 has no page call.
}

int main(int argc, char **argv)
{
    @autoreleasepool {
        NSData *input = [[NSFileHandle fileHandleWithStandardInput] readDataToEndOfFile];
        NSString *text = [[NSString alloc] initWithData:input encoding:NSUTF8StringEncoding];
        NSFileHandle *out = [NSFileHandle fileHandleWithStandardOutput];
        for (NSString *raw in [text componentsSeparatedByString:@"\n"]) {
            if ([raw length] == 0) continue;
            @autoreleasepool {
                NSDictionary *line = [NSJSONSerialization JSONObjectWithData:[raw dataUsingEncoding:NSUTF8StringEncoding]
                                                                     options:0
                                                                       error:NULL];
                NSMutableArray *calls = [CleverTap recordedCalls];
                [calls removeAllObjects];
                NSDictionary *result;
                @try {
                    SEGCleverTapIntegration *integration =
                        [[SEGCleverTapIntegration alloc] initWithSettings:decodeTyped(line[@"settings"])];
                    [calls removeAllObjects];
                    if (integration) dispatchCall(integration, line);
                    NSMutableArray *encoded = [NSMutableArray array];
                    for (NSDictionary *c in calls)
                        [encoded addObject:@{@"method" : c[@"method"], @"args" : encode(c[@"args"])}];
                    result = @{@"calls" : encoded};
                } @catch (NSException *e) {
                    result = @{@"crash" : [NSString stringWithFormat:@"%@: %@", [e name], [e reason]]};
                }
                NSMutableData *data = [[NSJSONSerialization dataWithJSONObject:result options:0 error:NULL] mutableCopy];
                [data appendBytes:"\n" length:1];
                [out writeData:data];
            }
        }
    }
    return 0;
}
