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

static id decodeTyped(id node)
{
    if (![node isKindOfClass:[NSDictionary class]]) return nil;
    NSString *t = node[@"t"];
    id v = node[@"v"];
    if ([t isEqualToString:@"s"]) return v;
    if ([t isEqualToString:@"i"]) return [NSNumber numberWithLongLong:[v longLongValue]];
    if ([t isEqualToString:@"d"]) return [NSNumber numberWithDouble:strtod([v UTF8String], NULL)];
    if ([t isEqualToString:@"b"]) return [NSNumber numberWithBool:[v isEqualToString:@"true"]];
    if ([t isEqualToString:@"n"]) return [NSNull null];
    if ([t isEqualToString:@"a"]) {
        NSMutableArray *out = [NSMutableArray array];
        for (id item in v) [out addObject:decodeTyped(item)];
        return out;
    }
    NSMutableDictionary *out = [NSMutableDictionary dictionary];
    for (NSArray *pair in v) out[pair[0]] = decodeTyped(pair[1]);
    return out;
}

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

static id encode(id value)
{
    if (value == nil || value == [NSNull null]) return [NSNull null];
    if ([value isKindOfClass:[NSString class]]) return value;
    if ([value isKindOfClass:[NSNumber class]]) {
        const char *type = [value objCType];
        if (type[0] == 'c' || type[0] == 'C' || type[0] == 'B') return @{@"$bool" : [value boolValue] ? @"true" : @"false"};
        if (type[0] == 'd' || type[0] == 'f')
            return @{@"$double" : [NSString stringWithFormat:@"%.17g", [value doubleValue]]};
        return @{@"$long" : [NSString stringWithFormat:@"%lld", [value longLongValue]]};
    }
    if ([value isKindOfClass:[NSDate class]])
        return @{@"$epoch_ms" : [NSString stringWithFormat:@"%.3f", [value timeIntervalSince1970] * 1000.0]};
    if ([value isKindOfClass:[NSDictionary class]]) {
        NSMutableDictionary *out = [NSMutableDictionary dictionary];
        for (id key in value) out[[key description]] = encode(value[key]);
        return out;
    }
    if ([value isKindOfClass:[NSArray class]]) {
        NSMutableArray *out = [NSMutableArray array];
        for (id item in value) [out addObject:encode(item)];
        return out;
    }
    return @{@"$objc" : NSStringFromClass([value class])};
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
