#import "CleverTapSDK/CleverTap.h"

static NSMutableArray *calls;

static void record(NSString *method, NSArray *args)
{
    [calls addObject:@{@"method" : method, @"args" : args}];
}

static id orNull(id value)
{
    return value ?: [NSNull null];
}

@implementation CleverTap
+ (instancetype)sharedInstance
{
    static CleverTap *instance;
    if (!instance) {
        instance = [CleverTap new];
        calls = [NSMutableArray new];
    }
    return instance;
}
+ (NSMutableArray *)recordedCalls { [self sharedInstance]; return calls; }
+ (void)setCredentialsWithAccountID:(NSString *)accountID token:(NSString *)token region:(NSString *)region
{
    [self sharedInstance];
    record(@"setCredentialsWithAccountID:token:region:", @[ orNull(accountID), orNull(token), orNull(region) ]);
}
+ (void)setCredentialsWithAccountID:(NSString *)accountID andToken:(NSString *)token
{
    [self sharedInstance];
    record(@"setCredentialsWithAccountID:andToken:", @[ orNull(accountID), orNull(token) ]);
}
+ (void)setDebugLevel:(int)level {}
- (void)setLibrary:(NSString *)name { record(@"setLibrary:", @[ orNull(name) ]); }
- (void)setCustomSdkVersion:(NSString *)name version:(int)version
{
    record(@"setCustomSdkVersion:version:", @[ orNull(name), @(version) ]);
}
- (void)notifyApplicationLaunchedWithOptions:(NSDictionary *)o { record(@"notifyApplicationLaunchedWithOptions:", @[]); }
- (void)profilePush:(NSDictionary *)p { record(@"profilePush:", @[ orNull(p) ]); }
- (void)onUserLogin:(NSDictionary *)p { record(@"onUserLogin:", @[ orNull(p) ]); }
- (void)recordEvent:(NSString *)e { record(@"recordEvent:", @[ orNull(e) ]); }
- (void)recordEvent:(NSString *)e withProps:(NSDictionary *)p { record(@"recordEvent:withProps:", @[ orNull(e), orNull(p) ]); }
- (void)recordChargedEventWithDetails:(NSDictionary *)d andItems:(NSArray *)i
{
    record(@"recordChargedEventWithDetails:andItems:", @[ orNull(d), orNull(i) ]);
}
- (void)recordScreenView:(NSString *)s { record(@"recordScreenView:", @[ orNull(s) ]); }
- (void)recordErrorWithMessage:(NSString *)m andErrorCode:(int)c { record(@"recordErrorWithMessage:andErrorCode:", @[ orNull(m), @(c) ]); }
- (void)setPushToken:(NSData *)t {}
- (void)handleNotificationWithData:(id)d {}
@end
