// Stand-ins (ours) for the analytics-ios 4.1.8 types an integration sees: payload classes and the integration
// protocol. The runner is single-threaded and runs everything on the main thread, so the integration's
// dispatch_sync to the main queue is never taken; the macros keep libdispatch out of the build.
#import <Foundation/Foundation.h>

#ifndef dispatch_sync
#define dispatch_sync(queue, block) ((void)0)
#define dispatch_get_main_queue() 0
#endif

@interface SEGPayload : NSObject
@property (nonatomic, strong) NSString *userId;
@property (nonatomic, strong) NSString *anonymousId;
@end

@interface SEGIdentifyPayload : SEGPayload
@property (nonatomic, strong) NSDictionary *traits;
@end

@interface SEGTrackPayload : SEGPayload
@property (nonatomic, strong) NSString *event;
@property (nonatomic, strong) NSDictionary *properties;
@end

@interface SEGScreenPayload : SEGPayload
@property (nonatomic, strong) NSString *name;
@property (nonatomic, strong) NSString *category;
@property (nonatomic, strong) NSDictionary *properties;
@end

@interface SEGAliasPayload : SEGPayload
@property (nonatomic, strong) NSString *theNewId;
@end

@interface SEGGroupPayload : SEGPayload
@property (nonatomic, strong) NSString *groupId;
@property (nonatomic, strong) NSDictionary *traits;
@end

@protocol SEGIntegration <NSObject>
@optional
- (void)identify:(SEGIdentifyPayload *)payload;
- (void)track:(SEGTrackPayload *)payload;
- (void)screen:(SEGScreenPayload *)payload;
- (void)group:(SEGGroupPayload *)payload;
- (void)alias:(SEGAliasPayload *)payload;
- (void)registeredForRemoteNotificationsWithDeviceToken:(NSData *)deviceToken;
- (void)receivedRemoteNotification:(NSDictionary *)userInfo;
- (void)handleActionWithIdentifier:(NSString *)identifier forRemoteNotification:(NSDictionary *)userInfo;
@end
